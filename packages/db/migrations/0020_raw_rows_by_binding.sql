-- Raw rows by binding (issue 14's leftovers). Hand-written and reviewed.
--
-- The shared raw tables (reports, fights, actors, abilities, events, ingestion_ledger: FFLogs data
-- and imported files, keyed by report) had no row-level security: a bound transaction could read
-- any report's rows, and only the application's filters kept a report grant to its report, a
-- progression grant to the granter's reports, and a tenant to its own watched reports (an imported
-- file's rows, `file:` keys of 0007, included: visible only to the statics that imported it).
-- Now the database keeps that too:
--   * the tenant, grantee and demo roles read the raw rows of app.readable_report_codes() alone:
--     the bound static's watched reports, and in grantee mode only the grant's report (a report
--     grant) or the granter's watched reports (a progression grant); unbound, they read nothing
--     (require_static_id() raises);
--   * ingestion (progboard_ingest) reads and writes every row, as before;
--   * the request role itself (progboard_app, unbound: the server's own bookkeeping) reads every
--     row while no static is bound, none once one is.
-- The codes are computed once per query (`(SELECT app.readable_report_codes())`, an InitPlan) and
-- compared with `report_code = ANY ((SELECT ...)::text[])` (the cast makes it an array, not a
-- subquery), which the primary keys (all leading with the report code) serve as an index condition.
--
-- events is bulk-loaded with COPY, which PostgreSQL refuses on a table with row-level security
-- unless the loader owns it or bypasses RLS (ingestion does neither, and must not). So events
-- becomes a partitioned table with one (default) partition, events_rows, that holds the rows and
-- has no RLS of its own: ingestion COPYs into events_rows (packages/db/src/ingestion.ts copyRows),
-- every reader goes through events, whose policies apply. Only ingestion may touch events_rows.
-- Attaching the existing table keeps its rows and indexes (no copy, no scan: a lone default
-- partition has no constraint to check).
ALTER TABLE events RENAME TO events_rows;
--> statement-breakpoint
ALTER TABLE events_rows RENAME CONSTRAINT events_pkey TO events_rows_pkey;
--> statement-breakpoint
ALTER INDEX events_deaths_idx RENAME TO events_rows_deaths_idx;
--> statement-breakpoint
ALTER INDEX events_ability_idx RENAME TO events_rows_ability_idx;
--> statement-breakpoint
CREATE TABLE events (LIKE events_rows INCLUDING DEFAULTS INCLUDING GENERATED) PARTITION BY LIST (report_code);
--> statement-breakpoint
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (report_code, fight_id, seq);
--> statement-breakpoint
CREATE INDEX events_deaths_idx ON events USING btree (report_code, fight_id, seq) INCLUDE ("timestamp", source_id, target_id, ability_game_id, killing_ability_id) WHERE type = 'death';
--> statement-breakpoint
CREATE INDEX events_ability_idx ON events USING btree (report_code, ability_game_id) INCLUDE (fight_id, seq, "timestamp", type, source_id, target_id, tick);
--> statement-breakpoint
ALTER TABLE events ATTACH PARTITION events_rows DEFAULT;
--> statement-breakpoint
REVOKE ALL ON events_rows FROM PUBLIC, progboard_app, progboard_tenant, progboard_grantee, progboard_demo;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON events_rows TO progboard_ingest;
--> statement-breakpoint
GRANT SELECT ON events TO progboard_app, progboard_tenant, progboard_grantee, progboard_demo;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON events TO progboard_ingest;
--> statement-breakpoint
-- PL/pgSQL, not SQL: a SECURITY DEFINER SQL function is never inlined and its query is planned on
-- every call; PL/pgSQL keeps the plan for the session.
CREATE FUNCTION app.readable_report_codes() RETURNS text[]
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bound integer := app.require_static_id();
  only_code text := app.bound_grant_code();
  codes text[];
BEGIN
  SELECT COALESCE(pg_catalog.array_agg(w.code), '{}'::text[]) INTO codes
  FROM public.watched_reports w
  WHERE w.static_id = bound AND (only_code IS NULL OR w.code = only_code);
  RETURN codes;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.readable_report_codes() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.readable_report_codes() TO progboard_tenant, progboard_grantee, progboard_demo;
--> statement-breakpoint
DO $$
DECLARE
  t text;
  k text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reports', 'fights', 'actors', 'abilities', 'events', 'ingestion_ledger'] LOOP
    k := CASE WHEN t = 'reports' THEN 'code' ELSE 'report_code' END;
    EXECUTE pg_catalog.format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I FOR SELECT TO progboard_tenant, progboard_grantee, progboard_demo USING (%I = ANY ((SELECT app.readable_report_codes())::text[]))', t || '_bound', t, k);
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I FOR ALL TO progboard_ingest USING (true) WITH CHECK (true)', t || '_ingest', t);
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I FOR SELECT TO progboard_app USING ((SELECT COALESCE(pg_catalog.current_setting(''app.static_id'', true), '''')) = '''')', t || '_unbound', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- What a grantee's list of grants shared with it says about each shared report (issue 14): the
-- granter's label for it (while the granter still watches it) and the report's title (FFLogs', or
-- the imported file's). Both only name the report the granter chose to share, which the grantee
-- reads anyway; neither says anything about the granter's members, notes or claims (the grantee
-- allowlist, SPEC.md H). Active report grants to p_static_id, for a member of it only.
CREATE FUNCTION app.incoming_report_names(p_user integer, p_static_id integer)
  RETURNS TABLE (grant_id integer, label text, title text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT sg.id, w.label, NULLIF(pg_catalog.left(r.title, 200), '')
  FROM public.static_grants sg
  LEFT JOIN public.watched_reports w ON w.static_id = sg.granter_static_id AND w.code = sg.report_code
  LEFT JOIN public.reports r ON r.code = sg.report_code
  WHERE sg.grantee_static_id = p_static_id AND sg.revoked_at IS NULL AND sg.report_code IS NOT NULL
    AND EXISTS (SELECT 1 FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = p_user)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.incoming_report_names(integer, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.incoming_report_names(integer, integer) TO progboard_app;
