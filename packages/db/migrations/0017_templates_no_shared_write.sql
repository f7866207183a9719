-- A static's strat templates (0009) were left out of the no-write policies that 0010 put on every
-- static-scoped table: a transaction bound through a grant (or as the demo reader, bound the same
-- way) that switched to the tenant role could unpublish the granter's templates, since their DELETE
-- policy asks only for the bound static. Nothing may be published or unpublished under such a
-- binding (the tenant role holds no UPDATE on templates; the admins' promote runs as the owner).
CREATE POLICY strat_templates_grant_no_insert ON strat_templates AS RESTRICTIVE FOR INSERT
  WITH CHECK ((SELECT app.bound_grant_id()) IS NULL);
--> statement-breakpoint
CREATE POLICY strat_templates_grant_no_delete ON strat_templates AS RESTRICTIVE FOR DELETE
  USING ((SELECT app.bound_grant_id()) IS NULL);
