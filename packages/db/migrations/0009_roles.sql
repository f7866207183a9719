-- Roles inside a static, the audit log, membership writes behind the wall, the instance admin.
-- Hand-written and reviewed (issue 14 part 1, issue 12 leftover a).
--
-- Until now the request role wrote static_memberships itself, so arbitrary SQL on a request
-- connection could add its user to any static (and bind_tenant would then let it in). Now every
-- write to statics and static_memberships goes through a SECURITY DEFINER function below that
-- checks the caller's rights itself; the request role keeps SELECT only.
ALTER TABLE "static_memberships" ADD COLUMN "role" text DEFAULT 'member' NOT NULL;
--> statement-breakpoint
ALTER TABLE "static_memberships" ADD CONSTRAINT "static_memberships_role_known" CHECK ("static_memberships"."role" in ('owner', 'member'));
--> statement-breakpoint
-- Every existing static: its earliest member is its owner.
UPDATE static_memberships m SET role = 'owner'
FROM (SELECT DISTINCT ON (static_id) static_id, user_id FROM static_memberships ORDER BY static_id, joined_at, user_id) earliest
WHERE m.static_id = earliest.static_id AND m.user_id = earliest.user_id;
--> statement-breakpoint
-- Existing instances: the earliest account is the instance admin, unless one already is (new
-- instances: the first account, decided by app.decide_first_account of 0006).
UPDATE users SET is_admin = true
WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1) AND NOT EXISTS (SELECT 1 FROM users WHERE is_admin);
--> statement-breakpoint
-- No request role may make an account an admin (or stop it being one): the flag changes only by
-- the owner's hand. (On insert, app.decide_first_account decides it.)
CREATE FUNCTION app.keep_admin_flag() RETURNS trigger
  LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NEW.is_admin IS DISTINCT FROM OLD.is_admin AND current_user IN ('progboard_app', 'progboard_auth', 'progboard_tenant', 'progboard_ingest') THEN
    RAISE EXCEPTION 'the admin flag cannot be changed here' USING ERRCODE = 'PB011';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.keep_admin_flag() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER users_keep_admin_flag BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION app.keep_admin_flag();
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON statics, static_memberships FROM progboard_app;
--> statement-breakpoint
REVOKE USAGE ON SEQUENCE statics_id_seq FROM progboard_app;
--> statement-breakpoint
-- The audit log: what happened in a static, for its members. Scoped like every static-scoped
-- table (RLS: a bound transaction sees and appends only its own static's rows) and append-only,
-- enforced here: no request role holds UPDATE, DELETE or TRUNCATE, and triggers refuse them to
-- anyone (the owner included) except the cascade of a static being deleted.
CREATE TABLE "audit_log" (
	"static_id" integer NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	-- No foreign key: an entry outlives its actor's account, and the log is never updated.
	"actor_user_id" integer,
	"action" text NOT NULL,
	"subject" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_pkey" PRIMARY KEY("static_id","id"),
	CONSTRAINT "audit_log_action_format" CHECK ("audit_log"."action" ~ '^[a-z]+(\.[a-z_]+)+$' and char_length("audit_log"."action") <= 64),
	CONSTRAINT "audit_log_subject_length" CHECK (char_length("audit_log"."subject") <= 200),
	CONSTRAINT "audit_log_details_size" CHECK (pg_column_size("audit_log"."details") <= 4096)
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_static_id_statics_id_fk" FOREIGN KEY ("static_id") REFERENCES "public"."statics"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_tenant ON audit_log
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
-- The membership functions below run as this migration's role (the owner) with no tenant bound:
-- they append to any static's log they have checked the caller's rights on. The owner is a
-- superuser on most setups (RLS does not apply); this policy covers an owner that is not.
CREATE POLICY audit_log_definer ON audit_log FOR INSERT TO CURRENT_USER WITH CHECK (true);
--> statement-breakpoint
REVOKE ALL ON audit_log FROM PUBLIC;
--> statement-breakpoint
-- A bound transaction reads its static's log and appends to it. The actor and the time are never
-- the caller's to choose (the trigger below sets them), nor the id (GENERATED ALWAYS).
GRANT SELECT, INSERT ON audit_log TO progboard_tenant;
--> statement-breakpoint
-- The actor of an entry appended in a bound transaction is the bound user (verified with the
-- binding by the policy's require_static_id()); entries appended by the definer functions keep the
-- actor those functions checked.
CREATE FUNCTION app.audit_log_actor() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bound text := pg_catalog.current_setting('app.user_id', true);
BEGIN
  IF pg_catalog.current_setting('app.static_id', true) IS NOT NULL AND pg_catalog.current_setting('app.static_id', true) <> '' THEN
    NEW.actor_user_id := NULLIF(bound, '')::integer;
    NEW.created_at := pg_catalog.now();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.audit_log_actor() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER audit_log_actor BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION app.audit_log_actor();
--> statement-breakpoint
-- Append-only: an UPDATE or DELETE of any row is refused, whoever asks, except the DELETE that
-- cascades from deleting the static itself (its row is already gone when the cascade runs).
CREATE FUNCTION app.audit_log_append_only() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM public.statics s WHERE s.id = OLD.static_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'PB010';
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.audit_log_append_only() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION app.audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION app.audit_log_append_only();
--> statement-breakpoint
-- Appends one entry. Called only by the definer functions below (no role may execute it).
CREATE FUNCTION app.append_audit(p_static_id integer, p_actor integer, p_action text, p_subject text, p_details jsonb) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO public.audit_log (static_id, actor_user_id, action, subject, details)
  VALUES (p_static_id, p_actor, p_action, p_subject, COALESCE(p_details, '{}'::jsonb))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.append_audit(integer, integer, text, text, jsonb) FROM PUBLIC;
--> statement-breakpoint
-- The caller's role in a static, with the static locked against concurrent membership changes (so
-- two requests cannot both remove "the other" owner). NULL: not a member (PB001 at the caller).
CREATE FUNCTION app.lock_membership(p_actor integer, p_static_id integer) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  actor_role text;
BEGIN
  PERFORM 1 FROM public.statics s WHERE s.id = p_static_id FOR UPDATE;
  SELECT m.role INTO actor_role FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = p_actor;
  IF actor_role IS NULL THEN
    RAISE EXCEPTION 'not a member of this static' USING ERRCODE = 'PB001';
  END IF;
  RETURN actor_role;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.lock_membership(integer, integer) FROM PUBLIC;
--> statement-breakpoint
CREATE FUNCTION app.require_owner(p_actor integer, p_static_id integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF app.lock_membership(p_actor, p_static_id) <> 'owner' THEN
    RAISE EXCEPTION 'only an owner may do this' USING ERRCODE = 'PB006';
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.require_owner(integer, integer) FROM PUBLIC;
--> statement-breakpoint
CREATE FUNCTION app.username_of(p_user integer) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT COALESCE(u.display_username, u.username) FROM public.users u WHERE u.id = p_user
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.username_of(integer) FROM PUBLIC;
--> statement-breakpoint
-- Creates a static; its creator is its first owner.
CREATE FUNCTION app.create_static(p_actor integer, p_name text) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  created integer;
BEGIN
  INSERT INTO public.statics (name) VALUES (p_name) RETURNING id INTO created;
  INSERT INTO public.static_memberships (static_id, user_id, role) VALUES (created, p_actor, 'owner');
  PERFORM app.append_audit(created, p_actor, 'static.created', p_name, '{}'::jsonb);
  RETURN created;
END
$$;
--> statement-breakpoint
-- A user's first sighting: they join the Default Static (id 1). The first to join a Default
-- Static that has no owner becomes its owner. True when they joined now.
CREATE FUNCTION app.join_default_static(p_user integer) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  joined integer;
BEGIN
  PERFORM 1 FROM public.statics s WHERE s.id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO public.static_memberships (static_id, user_id, role)
  VALUES (1, p_user, CASE WHEN EXISTS (SELECT 1 FROM public.static_memberships m WHERE m.static_id = 1 AND m.role = 'owner') THEN 'member' ELSE 'owner' END)
  ON CONFLICT DO NOTHING
  RETURNING user_id INTO joined;
  IF joined IS NULL THEN
    RETURN false;
  END IF;
  PERFORM app.append_audit(1, p_user, 'member.joined', app.username_of(p_user), pg_catalog.jsonb_build_object('userId', p_user));
  RETURN true;
END
$$;
--> statement-breakpoint
-- A member adds another user as a member. True when they were not one already.
CREATE FUNCTION app.add_member(p_actor integer, p_static_id integer, p_target integer) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  added integer;
BEGIN
  PERFORM app.lock_membership(p_actor, p_static_id);
  INSERT INTO public.static_memberships (static_id, user_id, role) VALUES (p_static_id, p_target, 'member')
  ON CONFLICT DO NOTHING
  RETURNING user_id INTO added;
  IF added IS NULL THEN
    RETURN false;
  END IF;
  PERFORM app.append_audit(p_static_id, p_actor, 'member.added', app.username_of(p_target), pg_catalog.jsonb_build_object('userId', p_target));
  RETURN true;
END
$$;
--> statement-breakpoint
-- Removes a member, or the caller themself (leaving). Removing someone else is for owners. The
-- last owner cannot leave while other members remain (PB008); a sole member leaving deletes the
-- static only when asked to (PB007 otherwise). Returns 'removed', 'left' or 'deleted'. The removed
-- user's stored default, if it pointed here, moves to another of their statics.
CREATE FUNCTION app.remove_member(p_actor integer, p_static_id integer, p_target integer, p_delete_if_last boolean) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  actor_role text := app.lock_membership(p_actor, p_static_id);
  target_role text;
  members integer;
  owners integer;
BEGIN
  IF p_target <> p_actor AND actor_role <> 'owner' THEN
    RAISE EXCEPTION 'only an owner may remove members' USING ERRCODE = 'PB006';
  END IF;
  SELECT m.role INTO target_role FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = p_target;
  IF target_role IS NULL THEN
    RAISE EXCEPTION 'that user is not a member of this static' USING ERRCODE = 'PB002';
  END IF;
  SELECT count(*), count(*) FILTER (WHERE m.role = 'owner') INTO members, owners
  FROM public.static_memberships m WHERE m.static_id = p_static_id;
  IF members = 1 THEN
    IF NOT p_delete_if_last THEN
      RAISE EXCEPTION 'the only member of a static cannot leave it without deleting it' USING ERRCODE = 'PB007';
    END IF;
    PERFORM app.forget_current_static(p_static_id);
    DELETE FROM public.statics s WHERE s.id = p_static_id;
    RETURN 'deleted';
  END IF;
  IF target_role = 'owner' AND owners = 1 THEN
    RAISE EXCEPTION 'the last owner cannot leave' USING ERRCODE = 'PB008';
  END IF;
  DELETE FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = p_target;
  UPDATE public.users u SET current_static_id = (
      SELECT o.static_id FROM public.static_memberships o WHERE o.user_id = p_target ORDER BY o.joined_at, o.static_id LIMIT 1),
    updated_at = now()
  WHERE u.id = p_target AND u.current_static_id = p_static_id;
  IF p_target = p_actor THEN
    PERFORM app.append_audit(p_static_id, p_actor, 'member.left', app.username_of(p_target), pg_catalog.jsonb_build_object('userId', p_target, 'role', target_role));
    RETURN 'left';
  END IF;
  PERFORM app.append_audit(p_static_id, p_actor, 'member.removed', app.username_of(p_target), pg_catalog.jsonb_build_object('userId', p_target, 'role', target_role));
  RETURN 'removed';
END
$$;
--> statement-breakpoint
-- Before a static goes: its members' stored default moves to another of their statics.
CREATE FUNCTION app.forget_current_static(p_static_id integer) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE public.users u SET current_static_id = (
      SELECT o.static_id FROM public.static_memberships o
      WHERE o.user_id = u.id AND o.static_id <> p_static_id ORDER BY o.joined_at, o.static_id LIMIT 1),
    updated_at = now()
  WHERE u.current_static_id = p_static_id
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.forget_current_static(integer) FROM PUBLIC;
--> statement-breakpoint
-- An owner changes a member's role. The last owner cannot be demoted (PB008). Returns the role
-- the member had.
CREATE FUNCTION app.set_member_role(p_actor integer, p_static_id integer, p_target integer, p_role text) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  target_role text;
BEGIN
  PERFORM app.require_owner(p_actor, p_static_id);
  IF p_role IS NULL OR p_role NOT IN ('owner', 'member') THEN
    RAISE EXCEPTION 'unknown role' USING ERRCODE = '22023';
  END IF;
  SELECT m.role INTO target_role FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = p_target;
  IF target_role IS NULL THEN
    RAISE EXCEPTION 'that user is not a member of this static' USING ERRCODE = 'PB002';
  END IF;
  IF target_role = p_role THEN
    RETURN target_role;
  END IF;
  IF target_role = 'owner' AND (SELECT count(*) FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.role = 'owner') = 1 THEN
    RAISE EXCEPTION 'the last owner cannot be demoted' USING ERRCODE = 'PB008';
  END IF;
  UPDATE public.static_memberships m SET role = p_role WHERE m.static_id = p_static_id AND m.user_id = p_target;
  PERFORM app.append_audit(p_static_id, p_actor, 'member.role_changed', app.username_of(p_target),
    pg_catalog.jsonb_build_object('userId', p_target, 'from', target_role, 'to', p_role));
  RETURN target_role;
END
$$;
--> statement-breakpoint
CREATE FUNCTION app.rename_static(p_actor integer, p_static_id integer, p_name text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  old_name text;
BEGIN
  PERFORM app.require_owner(p_actor, p_static_id);
  SELECT s.name INTO old_name FROM public.statics s WHERE s.id = p_static_id;
  IF old_name IS DISTINCT FROM p_name THEN
    UPDATE public.statics s SET name = p_name WHERE s.id = p_static_id;
    PERFORM app.append_audit(p_static_id, p_actor, 'static.renamed', p_name, pg_catalog.jsonb_build_object('from', old_name, 'to', p_name));
  END IF;
END
$$;
--> statement-breakpoint
-- An owner deletes the static: everything it owns goes with it (the foreign keys cascade).
CREATE FUNCTION app.delete_static(p_actor integer, p_static_id integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM app.require_owner(p_actor, p_static_id);
  PERFORM app.forget_current_static(p_static_id);
  DELETE FROM public.statics s WHERE s.id = p_static_id;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.create_static(integer, text), app.join_default_static(integer), app.add_member(integer, integer, integer),
  app.remove_member(integer, integer, integer, boolean), app.set_member_role(integer, integer, integer, text),
  app.rename_static(integer, integer, text), app.delete_static(integer, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.create_static(integer, text), app.join_default_static(integer), app.add_member(integer, integer, integer),
  app.remove_member(integer, integer, integer, boolean), app.set_member_role(integer, integer, integer, text),
  app.rename_static(integer, integer, text), app.delete_static(integer, integer) TO progboard_app;
--> statement-breakpoint
-- The bound user's role in the bound static (owner-only calls check it in their own transaction).
CREATE FUNCTION app.bound_role() RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT m.role FROM public.static_memberships m
  WHERE m.static_id = app.require_static_id() AND m.user_id = pg_catalog.current_setting('app.user_id')::integer
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.bound_role() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.bound_role() TO progboard_tenant;
--> statement-breakpoint
-- Strat templates: a static's strat config for one encounter, snapshotted (mechanic → role and
-- notes; never a roster member). Its static reads, publishes and unpublishes it; once an instance
-- admin promotes it, every static can read (and copy) it. Promotion is the admin functions' alone.
CREATE TABLE "strat_templates" (
	"static_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "strat_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"encounter_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"entries" jsonb NOT NULL,
	"published_by" integer DEFAULT NULLIF(current_setting('app.user_id', true), '')::integer,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_at" timestamp with time zone,
	CONSTRAINT "strat_templates_pkey" PRIMARY KEY("static_id","id"),
	CONSTRAINT "strat_templates_id_key" UNIQUE("id"),
	CONSTRAINT "strat_templates_name_length" CHECK (char_length("strat_templates"."name") between 1 and 64),
	CONSTRAINT "strat_templates_description_length" CHECK (char_length("strat_templates"."description") <= 500),
	CONSTRAINT "strat_templates_entries_size" CHECK (jsonb_typeof("strat_templates"."entries") = 'array' and jsonb_array_length("strat_templates"."entries") <= 200)
);
--> statement-breakpoint
ALTER TABLE "strat_templates" ADD CONSTRAINT "strat_templates_static_id_statics_id_fk" FOREIGN KEY ("static_id") REFERENCES "public"."statics"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "strat_templates_name_key" ON "strat_templates" USING btree ("static_id","encounter_id",lower("name"));
--> statement-breakpoint
CREATE INDEX "strat_templates_promoted_idx" ON "strat_templates" USING btree ("encounter_id") WHERE "promoted_at" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE strat_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE strat_templates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Read: the bound static's own templates and every promoted one. Write: the bound static's own.
CREATE POLICY strat_templates_read ON strat_templates FOR SELECT
  USING (static_id = (SELECT app.require_static_id()) OR promoted_at IS NOT NULL);
--> statement-breakpoint
-- Published unpromoted, by the bound user.
CREATE POLICY strat_templates_publish ON strat_templates FOR INSERT
  WITH CHECK (static_id = (SELECT app.require_static_id()) AND promoted_at IS NULL
    AND published_by IS NOT DISTINCT FROM NULLIF(current_setting('app.user_id', true), '')::integer);
--> statement-breakpoint
CREATE POLICY strat_templates_unpublish ON strat_templates FOR DELETE
  USING (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
-- The admin functions below (the owner, no tenant bound) read and promote any template.
CREATE POLICY strat_templates_definer ON strat_templates TO CURRENT_USER USING (true) WITH CHECK (true);
--> statement-breakpoint
REVOKE ALL ON strat_templates FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON strat_templates TO progboard_tenant;
--> statement-breakpoint
-- The instance admins' own log: every admin call, instance-wide. Written by the admin functions
-- only; no request role reads or writes it.
CREATE TABLE "admin_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"admin_user_id" integer NOT NULL,
	"action" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
REVOKE ALL ON admin_log FROM PUBLIC;
--> statement-breakpoint
CREATE FUNCTION app.admin_log_append_only() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION 'the admin log is append-only' USING ERRCODE = 'PB010';
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.admin_log_append_only() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER admin_log_append_only BEFORE UPDATE OR DELETE ON admin_log FOR EACH ROW EXECUTE FUNCTION app.admin_log_append_only();
--> statement-breakpoint
CREATE TRIGGER admin_log_no_truncate BEFORE TRUNCATE ON admin_log FOR EACH STATEMENT EXECUTE FUNCTION app.admin_log_append_only();
--> statement-breakpoint
CREATE FUNCTION app.require_admin(p_admin integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.users u WHERE u.id = p_admin AND u.is_admin) THEN
    RAISE EXCEPTION 'not an administrator of this instance' USING ERRCODE = 'PB012';
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.require_admin(integer) FROM PUBLIC;
--> statement-breakpoint
-- Every published template, for an admin to moderate: what it says, never which static it is
-- from or anything else of that static. The call is recorded in admin_log.
CREATE FUNCTION app.admin_list_templates(p_admin integer)
  RETURNS TABLE (id integer, encounter_id integer, name text, description text, entries jsonb, published_at timestamptz, promoted_at timestamptz)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM app.require_admin(p_admin);
  INSERT INTO public.admin_log (admin_user_id, action) VALUES (p_admin, 'templates.list');
  RETURN QUERY SELECT t.id, t.encounter_id, t.name, t.description, t.entries, t.published_at, t.promoted_at
    FROM public.strat_templates t ORDER BY t.published_at DESC, t.id DESC LIMIT 1000;
END
$$;
--> statement-breakpoint
-- Promotes (or demotes) a template: recorded in admin_log and in the template's static's audit log.
-- False when there is no such template.
CREATE FUNCTION app.admin_set_template_promoted(p_admin integer, p_template integer, p_promoted boolean) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  template record;
BEGIN
  PERFORM app.require_admin(p_admin);
  SELECT t.static_id, t.name, t.promoted_at INTO template FROM public.strat_templates t WHERE t.id = p_template FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO public.admin_log (admin_user_id, action, details)
  VALUES (p_admin, CASE WHEN p_promoted THEN 'templates.promote' ELSE 'templates.demote' END, pg_catalog.jsonb_build_object('templateId', p_template));
  IF (template.promoted_at IS NOT NULL) = p_promoted THEN
    RETURN true;
  END IF;
  UPDATE public.strat_templates t SET promoted_at = CASE WHEN p_promoted THEN now() END WHERE t.id = p_template;
  PERFORM app.append_audit(template.static_id, p_admin, CASE WHEN p_promoted THEN 'template.promoted' ELSE 'template.demoted' END,
    template.name, pg_catalog.jsonb_build_object('templateId', p_template));
  RETURN true;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.admin_list_templates(integer), app.admin_set_template_promoted(integer, integer, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.admin_list_templates(integer), app.admin_set_template_promoted(integer, integer, boolean) TO progboard_app;
