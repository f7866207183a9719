-- Where a run reads its report is said by the report's key (`file:<sha256>` for an uploaded file,
-- since 0007): the column 0008 added only repeated it, and could disagree with it.
ALTER TABLE "ingestion_ledger" DROP CONSTRAINT "ingestion_ledger_source_known";--> statement-breakpoint
ALTER TABLE "ingestion_ledger" DROP COLUMN "source";
