-- After the merges of one release (sharing 0010, follows 0011, the demo 0012, the Night page 0013).
-- Sharing (0010) was written beside the follows (0011) and the Night page (0013). What they add
-- must hold in grantee mode too:
-- the grantee reads the strat rules the granter's analysis is computed from (0013's columns; the
-- notes stay private), and no role may write the static-scoped tables 0011 and 0013 added while a
-- transaction is bound through a grant, as on every other static-scoped table.
GRANT SELECT (rule, expected_hits) ON strat_config TO progboard_grantee;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['report_follows', 'night_snapshots'] LOOP
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR INSERT WITH CHECK ((SELECT app.bound_grant_id()) IS NULL)', t || '_grant_no_insert', t);
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR UPDATE USING ((SELECT app.bound_grant_id()) IS NULL) WITH CHECK ((SELECT app.bound_grant_id()) IS NULL)', t || '_grant_no_update', t);
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR DELETE USING ((SELECT app.bound_grant_id()) IS NULL)', t || '_grant_no_delete', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The demo reader (0012) reads every tab, the follows and saved nights included (none are seeded).
GRANT SELECT ON report_follows, night_snapshots TO progboard_demo;
