-- Tenancy, the database wall. Hand-written and reviewed; never generated or pushed.
--
-- Requests run as progboard_app, which holds no privilege on any static-scoped table. withTenant
-- (packages/db/src/tenancy.ts) binds a transaction in one statement:
--   select app.bind_tenant(<user>, <static>), set_config('role', 'progboard_tenant', true)
-- bind_tenant checks the membership and sets app.user_id / app.static_id for the transaction;
-- the role switch, also transaction-local, is what grants access to the scoped tables, and
-- row-level security then limits every row read or written to the bound static.
CREATE SCHEMA app;
--> statement-breakpoint
REVOKE ALL ON SCHEMA app FROM PUBLIC;
--> statement-breakpoint
-- Roles are cluster-wide: tolerate another database of the same server having created it.
-- NOINHERIT and granted to progboard_app: the request role can switch to it (SET ROLE) but never
-- holds its privileges implicitly.
DO $$
BEGIN
  CREATE ROLE progboard_tenant NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
GRANT progboard_tenant TO progboard_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app TO progboard_app, progboard_tenant;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO progboard_tenant;
--> statement-breakpoint
-- The bound static, or an error. STABLE so the planner evaluates `(select app.require_static_id())`
-- once per query and keeps index scans on static_id; raising (instead of a bare
-- current_setting(..., true), which yields NULL and so silently no rows) makes a query that
-- escaped the chokepoint fail loudly.
CREATE FUNCTION app.require_static_id() RETURNS integer
  LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
  bound text := pg_catalog.current_setting('app.static_id', true);
BEGIN
  IF bound IS NULL OR bound = '' THEN
    RAISE EXCEPTION 'tenant not bound' USING ERRCODE = 'PB000';
  END IF;
  RETURN bound::integer;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.require_static_id() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.require_static_id() TO progboard_app, progboard_tenant;
--> statement-breakpoint
-- Binds the transaction to (user, static) after checking the membership. SECURITY DEFINER so it
-- can read static_memberships whatever role calls it; search_path pinned so nothing the caller
-- creates can stand in for the tables or functions it names. Only progboard_app may call it, so a
-- transaction already switched to progboard_tenant cannot re-bind itself to another static.
CREATE FUNCTION app.bind_tenant(p_user_id integer, p_static_id integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF p_user_id IS NULL OR p_static_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = p_user_id
  ) THEN
    RAISE EXCEPTION 'not a member of this static' USING ERRCODE = 'PB001';
  END IF;
  PERFORM pg_catalog.set_config('app.user_id', p_user_id::text, true);
  PERFORM pg_catalog.set_config('app.static_id', p_static_id::text, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.bind_tenant(integer, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.bind_tenant(integer, integer) TO progboard_app;
--> statement-breakpoint
-- What a bound transaction may touch: the static-scoped tables (rows limited by RLS below),
-- shared raw data read-only, and the public face of users (names of claimed roster members).
GRANT SELECT, INSERT, UPDATE, DELETE ON watched_reports, roster_members, character_aliases, strat_config, prog_points, fault_scores TO progboard_tenant;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE roster_members_id_seq, prog_points_id_seq TO progboard_tenant;
--> statement-breakpoint
GRANT SELECT ON reports, fights, actors, abilities, events, ingestion_ledger TO progboard_tenant, progboard_app;
--> statement-breakpoint
GRANT SELECT (id, username, display_username, display_name) ON users TO progboard_tenant;
--> statement-breakpoint
-- A strat assigned to a roster member of the same static; removing the member leaves the
-- mechanic assigned to its role only (SET NULL of member_id alone, keeping static_id).
ALTER TABLE strat_config ADD CONSTRAINT strat_config_member_fk
  FOREIGN KEY (static_id, member_id) REFERENCES roster_members (static_id, id) ON DELETE SET NULL (member_id);
--> statement-breakpoint
ALTER TABLE watched_reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE watched_reports FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY watched_reports_tenant ON watched_reports
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
ALTER TABLE roster_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE roster_members FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY roster_members_tenant ON roster_members
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
ALTER TABLE character_aliases ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE character_aliases FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY character_aliases_tenant ON character_aliases
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
ALTER TABLE strat_config ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE strat_config FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY strat_config_tenant ON strat_config
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
ALTER TABLE prog_points ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE prog_points FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY prog_points_tenant ON prog_points
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
ALTER TABLE fault_scores ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE fault_scores FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY fault_scores_tenant ON fault_scores
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
