ALTER TABLE "fights" ADD COLUMN "events_complete" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ingestion_ledger" ADD COLUMN "lease_until" timestamp with time zone;