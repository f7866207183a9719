-- What the wall costs every scoped read, made smaller without weakening it. Same answers, same
-- refusals; measured by `pnpm bench tenancy` (docs/benchmarks.md).
--
-- 1. The proof and the grant accessors in PL/pgSQL. A LANGUAGE sql function that cannot be inlined
--    (SECURITY DEFINER, or a SET clause) is parsed and planned again by every query that calls it,
--    and by every transaction when PL/pgSQL calls it: binding_proof cost about 0.07 ms per bind and
--    per scoped query. A PL/pgSQL function keeps its compiled body and its plans for the session.
CREATE OR REPLACE FUNCTION app.binding_proof(p_user_id text, p_static_id text) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  k text;
BEGIN
  SELECT b.key INTO k FROM app.binding_key b;
  RETURN pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
    k || '|' || p_user_id || '|' || p_static_id || '|'
      || extract(epoch FROM pg_catalog.transaction_timestamp())::text || '|' || k, 'UTF8')), 'hex');
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.bound_grant_id() RETURNS integer
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  u text := COALESCE(pg_catalog.current_setting('app.user_id', true), '');
BEGIN
  RETURN CASE WHEN pg_catalog.strpos(u, '/') > 0 THEN pg_catalog.split_part(u, '/', 2)::integer END;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.bound_grant_code() RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN NULLIF(pg_catalog.split_part(COALESCE(pg_catalog.current_setting('app.user_id', true), ''), '/', 3), '');
END
$$;
--> statement-breakpoint
-- 2. The tenant policies' row filter as `static_id = ANY (ARRAY[bound])`. As `static_id = bound`,
--    next to a query's own `static_id = $1` (every scoped query names its static too), the planner
--    joins the two into one equivalence and gates the scan on `bound = $1` with a Result node that
--    every row passes through: 0.12–0.2 ms on a read of 1,000 rows. The array form is the same
--    filter (require_static_id() returns the bound static or raises; never NULL) and an index
--    condition as before, without the gate. WITH CHECK, evaluated per written row, is unchanged.
ALTER POLICY audit_log_tenant ON public.audit_log USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY character_aliases_tenant ON public.character_aliases USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY discord_posts_tenant ON public.discord_posts USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY discord_webhooks_tenant ON public.discord_webhooks USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY fault_scores_tenant ON public.fault_scores USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY night_snapshots_tenant ON public.night_snapshots USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY prog_points_tenant ON public.prog_points USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY report_follows_tenant ON public.report_follows USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY roster_members_tenant ON public.roster_members USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY strat_config_tenant ON public.strat_config USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
--> statement-breakpoint
ALTER POLICY watched_reports_tenant ON public.watched_reports USING (static_id = ANY (ARRAY[(SELECT app.require_static_id())]));
