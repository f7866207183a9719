-- The binding by credential (issue 12, item 4, its last gaps). Hand-written and reviewed.
--
-- Until now app.bind_tenant, app.bind_grant and every membership, sharing and admin function took
-- the user id the server passed: arbitrary SQL run as progboard_app could name any user (an owner,
-- the instance admin) and read or act as them. Now each takes a credential instead, and resolves
-- it to its user here, in a SECURITY DEFINER function, from what the request role cannot read:
--   'session:<token>'  a Better Auth session (sessions.token), live (expires_at in the future);
--   'key:<sha256>'     an API key's hash (api_keys.key_hash), neither revoked nor expired.
-- Anything else (an unknown, expired or signed-out session, a revoked or expired key, a bare id)
-- raises PB040 'credential refused'. bind_tenant then binds the resolved user with the proof of
-- 0006 (over user, static and transaction start), so the binding names the credential's user and
-- nobody else. The functions taking a user id stay, for the owner's use alone (the credential
-- versions call them); the request role may no longer execute them. The background worker (the
-- follows poller, the progboard command) binds a user without a credential through
-- app.bind_tenant(integer, integer), on its own connections as progboard_ingest, which the request
-- role cannot reach (0006).
--
-- Closed with it: the request role could insert an API key row for any user (a key whose hash it
-- chose: the user's identity, for good) and revoke anyone's keys; keys are now created and revoked
-- by definer functions for the credential's user. And the FFLogs credentials, written by the
-- request role after an API-level admin check only, are written by definer functions that check
-- the credential's user is an instance admin (item 2), recorded in admin_log.
CREATE FUNCTION app.credential_user(p_credential text) RETURNS integer
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  found_user integer;
BEGIN
  IF p_credential LIKE 'session:%' THEN
    SELECT s.user_id INTO found_user FROM public.sessions s
    WHERE s.token = pg_catalog.substr(p_credential, 9) AND s.expires_at > pg_catalog.now();
  ELSIF p_credential LIKE 'key:%' THEN
    SELECT k.user_id INTO found_user FROM public.api_keys k
    WHERE k.key_hash = pg_catalog.substr(p_credential, 5) AND k.revoked_at IS NULL
      AND (k.expires_at IS NULL OR k.expires_at > pg_catalog.now());
  END IF;
  IF found_user IS NULL THEN
    RAISE EXCEPTION 'credential refused' USING ERRCODE = 'PB040';
  END IF;
  RETURN found_user;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.credential_user(text) FROM PUBLIC;
--> statement-breakpoint
-- An API key limited to one static binds nothing else (PB001, as for a non-member).
CREATE FUNCTION app.refuse_key_outside(p_credential text, p_static_id integer) RETURNS void
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF p_credential LIKE 'key:%' AND EXISTS (
    SELECT 1 FROM public.api_keys k
    WHERE k.key_hash = pg_catalog.substr(p_credential, 5) AND k.static_id IS NOT NULL AND k.static_id IS DISTINCT FROM p_static_id
  ) THEN
    RAISE EXCEPTION 'not a member of this static' USING ERRCODE = 'PB001';
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.refuse_key_outside(text, integer) FROM PUBLIC;
--> statement-breakpoint
-- The request's bind, on every call: one function, one query (the credential and the membership
-- together), no nested calls but the proof's, so it costs what the bind by id cost.
CREATE FUNCTION app.bind_tenant(p_credential text, p_static_id integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  already text := pg_catalog.current_setting('app.static_id', true);
  found_user integer;
  member boolean;
BEGIN
  IF already IS NOT NULL AND already <> '' THEN
    RAISE EXCEPTION 'tenant already bound' USING ERRCODE = 'PB003';
  END IF;
  IF p_credential LIKE 'session:%' THEN
    SELECT s.user_id, EXISTS (SELECT 1 FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = s.user_id)
      INTO found_user, member
      FROM public.sessions s
     WHERE s.token = pg_catalog.substr(p_credential, 9) AND s.expires_at > pg_catalog.now();
  ELSIF p_credential LIKE 'key:%' THEN
    -- A key limited to one static binds nothing else (as for a non-member).
    SELECT k.user_id, EXISTS (SELECT 1 FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = k.user_id)
        AND (k.static_id IS NULL OR k.static_id = p_static_id)
      INTO found_user, member
      FROM public.api_keys k
     WHERE k.key_hash = pg_catalog.substr(p_credential, 5) AND k.revoked_at IS NULL
       AND (k.expires_at IS NULL OR k.expires_at > pg_catalog.now());
  END IF;
  IF found_user IS NULL THEN
    RAISE EXCEPTION 'credential refused' USING ERRCODE = 'PB040';
  END IF;
  IF p_static_id IS NULL OR NOT member THEN
    RAISE EXCEPTION 'not a member of this static' USING ERRCODE = 'PB001';
  END IF;
  PERFORM pg_catalog.set_config('app.user_id', found_user::text, true);
  PERFORM pg_catalog.set_config('app.static_id', p_static_id::text, true);
  PERFORM pg_catalog.set_config('app.tenant_proof', app.binding_proof(found_user::text, p_static_id::text), true);
END
$$;
--> statement-breakpoint
CREATE FUNCTION app.bind_grant(p_credential text, p_grantee_static_id integer, p_grant_id integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM app.refuse_key_outside(p_credential, p_grantee_static_id);
  PERFORM app.bind_grant(app.credential_user(p_credential), p_grantee_static_id, p_grant_id);
END
$$;
--> statement-breakpoint
CREATE FUNCTION app.create_static(p_credential text, p_name text) RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.create_static(app.credential_user(p_credential), p_name) $$;
--> statement-breakpoint
CREATE FUNCTION app.join_default_static(p_credential text) RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.join_default_static(app.credential_user(p_credential)) $$;
--> statement-breakpoint
CREATE FUNCTION app.add_member(p_credential text, p_static_id integer, p_target integer) RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.add_member(app.credential_user(p_credential), p_static_id, p_target) $$;
--> statement-breakpoint
CREATE FUNCTION app.remove_member(p_credential text, p_static_id integer, p_target integer, p_delete_if_last boolean) RETURNS text
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.remove_member(app.credential_user(p_credential), p_static_id, p_target, p_delete_if_last) $$;
--> statement-breakpoint
CREATE FUNCTION app.set_member_role(p_credential text, p_static_id integer, p_target integer, p_role text) RETURNS text
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.set_member_role(app.credential_user(p_credential), p_static_id, p_target, p_role) $$;
--> statement-breakpoint
CREATE FUNCTION app.rename_static(p_credential text, p_static_id integer, p_name text) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.rename_static(app.credential_user(p_credential), p_static_id, p_name) $$;
--> statement-breakpoint
CREATE FUNCTION app.delete_static(p_credential text, p_static_id integer) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.delete_static(app.credential_user(p_credential), p_static_id) $$;
--> statement-breakpoint
CREATE FUNCTION app.rotate_share_handle(p_credential text, p_static_id integer) RETURNS text
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.rotate_share_handle(app.credential_user(p_credential), p_static_id) $$;
--> statement-breakpoint
CREATE FUNCTION app.create_grant(p_credential text, p_static_id integer, p_handle text, p_scope text, p_code text) RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.create_grant(app.credential_user(p_credential), p_static_id, p_handle, p_scope, p_code) $$;
--> statement-breakpoint
CREATE FUNCTION app.revoke_grant(p_credential text, p_static_id integer, p_grant_id integer) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.revoke_grant(app.credential_user(p_credential), p_static_id, p_grant_id) $$;
--> statement-breakpoint
CREATE FUNCTION app.open_grant(p_credential text, p_grantee_static_id integer, p_grant_id integer, p_procedure text)
  RETURNS TABLE (granter_static_id integer, granter_name text, granter_timezone text, scope text, report_code text)
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT * FROM app.open_grant(app.credential_user(p_credential), p_grantee_static_id, p_grant_id, p_procedure) $$;
--> statement-breakpoint
CREATE FUNCTION app.admin_list_templates(p_credential text)
  RETURNS TABLE (id integer, encounter_id integer, name text, description text, entries jsonb, published_at timestamptz, promoted_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT * FROM app.admin_list_templates(app.credential_user(p_credential)) $$;
--> statement-breakpoint
CREATE FUNCTION app.admin_set_template_promoted(p_credential text, p_template integer, p_promoted boolean) RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT app.admin_set_template_promoted(app.credential_user(p_credential), p_template, p_promoted) $$;
--> statement-breakpoint
-- The FFLogs API client of the instance: set (or replaced) and cleared by an instance admin only.
CREATE FUNCTION app.set_fflogs_credentials(p_credential text, p_client_id text, p_client_secret text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  actor integer := app.credential_user(p_credential);
BEGIN
  PERFORM app.require_admin(actor);
  INSERT INTO public.fflogs_credentials (only_row, client_id, client_secret, updated_by, updated_at)
  VALUES (true, p_client_id, p_client_secret, actor, pg_catalog.now())
  ON CONFLICT (only_row) DO UPDATE SET client_id = EXCLUDED.client_id, client_secret = EXCLUDED.client_secret,
    updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at;
  INSERT INTO public.admin_log (admin_user_id, action, details)
  VALUES (actor, 'fflogs.set', pg_catalog.jsonb_build_object('clientId', p_client_id));
END
$$;
--> statement-breakpoint
-- The client id removed, or NULL when none was set.
CREATE FUNCTION app.clear_fflogs_credentials(p_credential text) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  actor integer := app.credential_user(p_credential);
  removed text;
BEGIN
  PERFORM app.require_admin(actor);
  DELETE FROM public.fflogs_credentials c RETURNING c.client_id INTO removed;
  INSERT INTO public.admin_log (admin_user_id, action, details)
  VALUES (actor, 'fflogs.clear', pg_catalog.jsonb_build_object('clientId', removed));
  RETURN removed;
END
$$;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON fflogs_credentials FROM progboard_app;
--> statement-breakpoint
-- A key for the credential's user (limited to a static they belong to, when asked: PB001 otherwise;
-- at most p_max live keys: PB042). The caller generates the key and passes only its hash.
CREATE FUNCTION app.create_api_key(p_credential text, p_name text, p_prefix text, p_key_hash text, p_static_id integer,
    p_read_only boolean, p_expires_at timestamptz, p_max integer) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  actor integer := app.credential_user(p_credential);
  created integer;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(727011019, actor);
  IF p_static_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = actor
  ) THEN
    RAISE EXCEPTION 'not a member of this static' USING ERRCODE = 'PB001';
  END IF;
  IF (SELECT count(*) FROM public.api_keys k WHERE k.user_id = actor AND k.revoked_at IS NULL) >= p_max THEN
    RAISE EXCEPTION 'too many API keys' USING ERRCODE = 'PB042';
  END IF;
  INSERT INTO public.api_keys (user_id, name, prefix, key_hash, static_id, read_only, expires_at)
  VALUES (actor, p_name, p_prefix, p_key_hash, p_static_id, COALESCE(p_read_only, false), p_expires_at)
  RETURNING id INTO created;
  RETURN created;
END
$$;
--> statement-breakpoint
-- Revokes one of the credential's user's keys (PB041 for anyone else's or an unknown one); when it
-- was revoked (already, or now).
CREATE FUNCTION app.revoke_api_key(p_credential text, p_key_id integer) RETURNS timestamptz
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  actor integer := app.credential_user(p_credential);
  revoked timestamptz;
BEGIN
  UPDATE public.api_keys k SET revoked_at = COALESCE(k.revoked_at, pg_catalog.now())
  WHERE k.id = p_key_id AND k.user_id = actor
  RETURNING k.revoked_at INTO revoked;
  IF revoked IS NULL THEN
    RAISE EXCEPTION 'no such key' USING ERRCODE = 'PB041';
  END IF;
  RETURN revoked;
END
$$;
--> statement-breakpoint
REVOKE INSERT, UPDATE ON api_keys FROM progboard_app;
--> statement-breakpoint
REVOKE USAGE ON SEQUENCE api_keys_id_seq FROM progboard_app;
--> statement-breakpoint
-- The user-id versions: the owner's alone from now on (the credential versions call them), and the
-- tenant bind for the background worker's connections.
REVOKE ALL ON FUNCTION app.bind_tenant(integer, integer), app.bind_grant(integer, integer, integer),
  app.create_static(integer, text), app.join_default_static(integer), app.add_member(integer, integer, integer),
  app.remove_member(integer, integer, integer, boolean), app.set_member_role(integer, integer, integer, text),
  app.rename_static(integer, integer, text), app.delete_static(integer, integer),
  app.rotate_share_handle(integer, integer), app.create_grant(integer, integer, text, text, text),
  app.revoke_grant(integer, integer, integer), app.open_grant(integer, integer, integer, text),
  app.admin_list_templates(integer), app.admin_set_template_promoted(integer, integer, boolean) FROM PUBLIC, progboard_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.bind_tenant(integer, integer) TO progboard_ingest;
--> statement-breakpoint
-- The worker's connections (logged in as the owner, started as progboard_ingest) switch to the
-- tenant role once bound, as the request role's do.
GRANT progboard_tenant TO CURRENT_USER;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.bind_tenant(text, integer), app.bind_grant(text, integer, integer),
  app.create_static(text, text), app.join_default_static(text), app.add_member(text, integer, integer),
  app.remove_member(text, integer, integer, boolean), app.set_member_role(text, integer, integer, text),
  app.rename_static(text, integer, text), app.delete_static(text, integer),
  app.rotate_share_handle(text, integer), app.create_grant(text, integer, text, text, text),
  app.revoke_grant(text, integer, integer), app.open_grant(text, integer, integer, text),
  app.admin_list_templates(text), app.admin_set_template_promoted(text, integer, boolean),
  app.set_fflogs_credentials(text, text, text), app.clear_fflogs_credentials(text),
  app.create_api_key(text, text, text, text, integer, boolean, timestamptz, integer), app.revoke_api_key(text, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.bind_tenant(text, integer), app.bind_grant(text, integer, integer),
  app.create_static(text, text), app.join_default_static(text), app.add_member(text, integer, integer),
  app.remove_member(text, integer, integer, boolean), app.set_member_role(text, integer, integer, text),
  app.rename_static(text, integer, text), app.delete_static(text, integer),
  app.rotate_share_handle(text, integer), app.create_grant(text, integer, text, text, text),
  app.revoke_grant(text, integer, integer), app.open_grant(text, integer, integer, text),
  app.admin_list_templates(text), app.admin_set_template_promoted(text, integer, boolean),
  app.set_fflogs_credentials(text, text, text), app.clear_fflogs_credentials(text),
  app.create_api_key(text, text, text, text, integer, boolean, timestamptz, integer), app.revoke_api_key(text, integer) TO progboard_app;
--> statement-breakpoint
-- Accounts belong to the identity layer too: the request role could insert, rename, re-address
-- (a password reset then goes to the new address) and delete any user. It keeps reading them and
-- moving a user's current static (provisioning, the static switcher); accounts are created,
-- changed and deleted by progboard_auth (Better Auth, and the dev identity) alone.
REVOKE INSERT, UPDATE, DELETE ON users FROM progboard_app;
--> statement-breakpoint
GRANT UPDATE (current_static_id, provisioned_at, updated_at) ON users TO progboard_app;
--> statement-breakpoint
REVOKE USAGE ON SEQUENCE users_id_seq FROM progboard_app;
--> statement-breakpoint
-- Seeding the demo static is the worker's (the server at start, on its own connections): the
-- request role could write into the demo static until it was seeded, or end its seeding early.
REVOKE ALL ON FUNCTION app.ensure_demo_static(text), app.bind_demo_seed(), app.finish_demo_seed() FROM PUBLIC, progboard_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.ensure_demo_static(text), app.bind_demo_seed(), app.finish_demo_seed() TO progboard_ingest;
