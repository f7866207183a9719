-- The database wall against hostile SQL run as the request roles. Hand-written and reviewed.
--
-- Until now app.require_static_id() trusted app.static_id, a setting any role can write, so
-- `select set_config('app.static_id', '2', true), set_config('role', 'progboard_tenant', true)`
-- bound a transaction to static 2 with no membership check. Now the binding carries a proof only
-- the SECURITY DEFINER bind can compute: a digest of (user, static, transaction start) keyed by a
-- random secret that only the owner can read. require_static_id() verifies it on every query, so
-- a setting written by anyone else, or a proof replayed from another transaction, raises.
-- bind_tenant refuses a transaction that is already bound: no re-binding from inside.
--
-- The binding key: one random row, readable by the owner alone (and so by its definer functions).
CREATE TABLE app.binding_key (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  key text NOT NULL
);
--> statement-breakpoint
REVOKE ALL ON app.binding_key FROM PUBLIC;
--> statement-breakpoint
-- gen_random_uuid() draws from the server's strong random source: 244 random bits in all.
INSERT INTO app.binding_key (key) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
--> statement-breakpoint
-- The proof of a binding: sha256 over key | user | static | transaction start | key (the key on both
-- sides, so no length extension). The transaction start (as epoch seconds, whatever the session's
-- TimeZone or DateStyle) confines a proof to the transaction that bind_tenant ran in.
CREATE FUNCTION app.binding_proof(p_user_id text, p_static_id text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
    k.key || '|' || p_user_id || '|' || p_static_id || '|'
      || extract(epoch FROM pg_catalog.transaction_timestamp())::text || '|' || k.key, 'UTF8')), 'hex')
  FROM app.binding_key k
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.binding_proof(text, text) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.bind_tenant(p_user_id integer, p_static_id integer) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  already text := pg_catalog.current_setting('app.static_id', true);
BEGIN
  IF already IS NOT NULL AND already <> '' THEN
    RAISE EXCEPTION 'tenant already bound' USING ERRCODE = 'PB003';
  END IF;
  IF p_user_id IS NULL OR p_static_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM public.static_memberships m WHERE m.static_id = p_static_id AND m.user_id = p_user_id
  ) THEN
    RAISE EXCEPTION 'not a member of this static' USING ERRCODE = 'PB001';
  END IF;
  PERFORM pg_catalog.set_config('app.user_id', p_user_id::text, true);
  PERFORM pg_catalog.set_config('app.static_id', p_static_id::text, true);
  PERFORM pg_catalog.set_config('app.tenant_proof', app.binding_proof(p_user_id::text, p_static_id::text), true);
END
$$;
--> statement-breakpoint
-- The bound static, or an error: 'tenant not bound' when nothing is, 'tenant binding forged' when
-- the settings were not written by bind_tenant in this transaction. STABLE (evaluated once per
-- query as `(select app.require_static_id())`, index scans on static_id kept); SECURITY DEFINER
-- so it can compute the proof, which its callers cannot.
CREATE OR REPLACE FUNCTION app.require_static_id() RETURNS integer
  LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bound text := pg_catalog.current_setting('app.static_id', true);
  proof text := pg_catalog.current_setting('app.tenant_proof', true);
BEGIN
  IF bound IS NULL OR bound = '' THEN
    RAISE EXCEPTION 'tenant not bound' USING ERRCODE = 'PB000';
  END IF;
  IF proof IS NULL OR proof IS DISTINCT FROM app.binding_proof(pg_catalog.current_setting('app.user_id', true), bound) THEN
    RAISE EXCEPTION 'tenant binding forged' USING ERRCODE = 'PB004';
  END IF;
  RETURN bound::integer;
END
$$;
--> statement-breakpoint
-- Nothing the request roles do not need: no temporary objects (a pg_temp object could stand in
-- for what a function names), no new objects in public.
DO $$
BEGIN
  EXECUTE pg_catalog.format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', pg_catalog.current_database());
END
$$;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
--> statement-breakpoint
-- The first account of an instance is its admin, decided once and atomically: every insert into
-- users takes the same transaction-level lock, so the next one waits until this one commits (or
-- rolls back) and then sees it. is_admin comes in as a request, "this account may exist only as
-- the first one" (a sign-up let through a gated instance because it had no account yet), and is
-- refused once an account exists; what is stored is whether the account really is the first.
CREATE FUNCTION app.decide_first_account() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  first boolean;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(727011002);
  first := NOT EXISTS (SELECT 1 FROM public.users);
  IF NEW.is_admin AND NOT first THEN
    RAISE EXCEPTION 'the first account already exists' USING ERRCODE = 'PB005';
  END IF;
  NEW.is_admin := first;
  RETURN NEW;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.decide_first_account() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER users_first_account BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION app.decide_first_account();
--> statement-breakpoint
-- Identity tables belong to the identity layer. Better Auth gets its own role, progboard_auth,
-- on its own connections (packages/db/src/client.ts: DbHandle.authDb); the request role keeps
-- only what requests need: users (names, the current static) but not sessions, accounts or
-- verifications, whose password hashes and session tokens it never reads. Nor does it hold the
-- ingestion role any more: ingestion runs on its own connections as well.
DO $$
BEGIN
  CREATE ROLE progboard_auth NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
GRANT progboard_auth TO CURRENT_USER;
--> statement-breakpoint
GRANT progboard_ingest TO CURRENT_USER;
--> statement-breakpoint
REVOKE progboard_ingest FROM progboard_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO progboard_auth;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions, accounts, verifications TO progboard_auth;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE users_id_seq, sessions_id_seq, accounts_id_seq, verifications_id_seq TO progboard_auth;
--> statement-breakpoint
REVOKE ALL ON sessions, accounts, verifications FROM progboard_app;
--> statement-breakpoint
REVOKE ALL ON SEQUENCE sessions_id_seq, accounts_id_seq, verifications_id_seq FROM progboard_app;
