-- The demo static (issue 15): one static, marked is_demo, seeded once at first start from a
-- generated prog and then read by anyone without an account, read-only. Hand-written and reviewed.
--
-- Seeding: app.bind_demo_seed() binds a transaction to the demo static for writing while it is not
-- yet seeded (seeded_at NULL); app.finish_demo_seed() marks it seeded. The demo static has no
-- members, so once seeded no request role can write to it by any bind.
--
-- Reading: app.bind_demo() binds a transaction to the seeded demo static the way a grant does (the
-- bound user is '0/0/', so app.bound_grant_id() is 0, not NULL): the restrictive policies of
-- 0010_sharing refuse every INSERT, UPDATE and DELETE in it whatever the role. withDemo
-- (packages/db/src/tenancy.ts) then switches to progboard_demo, which can only SELECT, in a READ
-- ONLY transaction: three refusals of a write.
ALTER TABLE statics ADD COLUMN is_demo boolean NOT NULL DEFAULT false;
--> statement-breakpoint
ALTER TABLE statics ADD COLUMN seeded_at timestamptz;
--> statement-breakpoint
CREATE UNIQUE INDEX statics_one_demo ON statics (is_demo) WHERE is_demo;
--> statement-breakpoint
DO $$
BEGIN
  CREATE ROLE progboard_demo NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
GRANT progboard_demo TO progboard_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app, public TO progboard_demo;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.require_static_id(), app.bound_grant_id(), app.bound_grant_code() TO progboard_demo;
--> statement-breakpoint
-- SELECT only: the demo's rows are not private (there is nobody behind them).
GRANT SELECT ON watched_reports, roster_members, character_aliases, strat_config, prog_points, fault_scores, audit_log TO progboard_demo;
--> statement-breakpoint
GRANT SELECT ON reports, fights, actors, abilities, events, ingestion_ledger TO progboard_demo;
--> statement-breakpoint
GRANT SELECT (id, username, display_username, display_name) ON users TO progboard_demo;
--> statement-breakpoint
GRANT SELECT ON strat_templates TO progboard_demo;
--> statement-breakpoint
-- The demo static, created once (its id either way).
CREATE FUNCTION app.ensure_demo_static(p_name text) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  found_id integer;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(727011012);
  SELECT s.id INTO found_id FROM public.statics s WHERE s.is_demo;
  IF found_id IS NULL THEN
    INSERT INTO public.statics (name, is_demo) VALUES (p_name, true) RETURNING id INTO found_id;
  END IF;
  RETURN found_id;
END
$$;
--> statement-breakpoint
CREATE FUNCTION app.bind_demo_seed() RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  already text := pg_catalog.current_setting('app.static_id', true);
  demo integer;
BEGIN
  IF already IS NOT NULL AND already <> '' THEN
    RAISE EXCEPTION 'tenant already bound' USING ERRCODE = 'PB003';
  END IF;
  SELECT s.id INTO demo FROM public.statics s WHERE s.is_demo AND s.seeded_at IS NULL;
  IF demo IS NULL THEN
    RAISE EXCEPTION 'no demo static to seed' USING ERRCODE = 'PB030';
  END IF;
  PERFORM pg_catalog.set_config('app.user_id', 'demo-seed', true);
  PERFORM pg_catalog.set_config('app.static_id', demo::text, true);
  PERFORM pg_catalog.set_config('app.tenant_proof', app.binding_proof('demo-seed', demo::text), true);
END
$$;
--> statement-breakpoint
CREATE FUNCTION app.finish_demo_seed() RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE public.statics SET seeded_at = now() WHERE is_demo AND seeded_at IS NULL
$$;
--> statement-breakpoint
CREATE FUNCTION app.bind_demo() RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  already text := pg_catalog.current_setting('app.static_id', true);
  demo integer;
BEGIN
  IF already IS NOT NULL AND already <> '' THEN
    RAISE EXCEPTION 'tenant already bound' USING ERRCODE = 'PB003';
  END IF;
  SELECT s.id INTO demo FROM public.statics s WHERE s.is_demo AND s.seeded_at IS NOT NULL;
  IF demo IS NULL THEN
    RAISE EXCEPTION 'no demo static' USING ERRCODE = 'PB031';
  END IF;
  -- A grant-shaped binding (grant 0, no report): the no-write policies of 0010 apply.
  PERFORM pg_catalog.set_config('app.user_id', '0/0/', true);
  PERFORM pg_catalog.set_config('app.static_id', demo::text, true);
  PERFORM pg_catalog.set_config('app.tenant_proof', app.binding_proof('0/0/', demo::text), true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.ensure_demo_static(text), app.bind_demo_seed(), app.finish_demo_seed(), app.bind_demo() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.ensure_demo_static(text), app.bind_demo_seed(), app.finish_demo_seed(), app.bind_demo() TO progboard_app;
