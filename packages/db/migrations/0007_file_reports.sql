-- Imported files get report keys of their own (`file:` and the SHA-256 of the content), beside
-- FFLogs codes: a file never writes under an FFLogs code (issue 12, item 1).
ALTER TABLE "watched_reports" DROP CONSTRAINT "watched_reports_code_format";--> statement-breakpoint
ALTER TABLE "reports" DROP CONSTRAINT "reports_code_format";--> statement-breakpoint
ALTER TABLE "watched_reports" ADD CONSTRAINT "watched_reports_code_format" CHECK ("watched_reports"."code" ~ '^([A-Za-z0-9]{6,40}|file:[0-9a-f]{64})$');--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_code_format" CHECK ("reports"."code" ~ '^([A-Za-z0-9]{6,40}|file:[0-9a-f]{64})$');