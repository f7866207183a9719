-- Ingestion's role. Hand-written and reviewed.
--
-- Shared raw data is written only by ingestion. Requests (progboard_app) and bound tenant
-- transactions (progboard_tenant) may read it but never write it; withIngestion
-- (packages/db/src/ingestion.ts) switches a transaction to progboard_ingest, which may.
DO $$
BEGIN
  CREATE ROLE progboard_ingest NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
-- (Once granted to progboard_app here; migrations/0006 gives it to the owner instead: roles are
-- cluster-wide, so a fresh database migrating this file must not hand it back to the request role.)
GRANT progboard_ingest TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public, app TO progboard_ingest;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON reports, fights, actors, abilities, events, ingestion_ledger TO progboard_ingest;
--> statement-breakpoint
-- Asks for a report to be fetched (again): a static that watches it, from a bound transaction.
-- SECURITY DEFINER so the tenant role needs no write access to the shared ledger; it can only
-- queue a report its own static watches, and re-queues only what is not already queued or running.
CREATE FUNCTION app.request_ingestion(p_code text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM public.watched_reports w WHERE w.static_id = app.require_static_id() AND w.code = p_code
  ) THEN
    RAISE EXCEPTION 'report not watched' USING ERRCODE = 'PB002';
  END IF;
  INSERT INTO public.ingestion_ledger AS l (report_code) VALUES (p_code)
  ON CONFLICT (report_code) DO UPDATE
    SET status = 'queued', next_attempt_at = now(), attempts = 0, last_error = NULL, updated_at = now()
    WHERE l.status IN ('done', 'failed');
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.request_ingestion(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.request_ingestion(text) TO progboard_tenant;
--> statement-breakpoint
-- Reports some static keeps live (still being logged): the poller re-checks them. Only report
-- codes cross the tenant boundary here, never which static watches what.
CREATE FUNCTION app.live_report_codes() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT DISTINCT w.code FROM public.watched_reports w WHERE w.live
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.live_report_codes() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.live_report_codes() TO progboard_ingest;
--> statement-breakpoint
-- Reports nobody watches any more: their raw data may be dropped. Codes only.
CREATE FUNCTION app.is_report_watched(p_code text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM public.watched_reports w WHERE w.code = p_code)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.is_report_watched(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.is_report_watched(text) TO progboard_ingest;
