CREATE TABLE "discord_webhooks" (
	"static_id" integer PRIMARY KEY NOT NULL,
	"webhook_id" text NOT NULL,
	"url" text NOT NULL,
	"set_by" integer,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_through" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discord_webhooks_id_format" CHECK ("discord_webhooks"."webhook_id" ~ '^[0-9]{17,20}$'),
	CONSTRAINT "discord_webhooks_url_length" CHECK (char_length("discord_webhooks"."url") between 1 and 300)
);
--> statement-breakpoint
CREATE TABLE "discord_posts" (
	"static_id" integer NOT NULL,
	"encounter_id" integer NOT NULL,
	"session_key" text NOT NULL,
	"session_label" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"trigger" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"message_id" text,
	"requested_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "discord_posts_pkey" PRIMARY KEY("static_id","encounter_id","session_key"),
	CONSTRAINT "discord_posts_status_known" CHECK ("discord_posts"."status" in ('pending', 'sent', 'failed')),
	CONSTRAINT "discord_posts_trigger_known" CHECK ("discord_posts"."trigger" in ('auto', 'manual')),
	CONSTRAINT "discord_posts_session_length" CHECK (char_length("discord_posts"."session_key") between 1 and 100),
	CONSTRAINT "discord_posts_label_length" CHECK (char_length("discord_posts"."session_label") between 1 and 100),
	CONSTRAINT "discord_posts_error_length" CHECK (char_length("discord_posts"."last_error") <= 500),
	CONSTRAINT "discord_posts_message_id_format" CHECK ("discord_posts"."message_id" ~ '^[0-9]{1,20}$')
);
--> statement-breakpoint
ALTER TABLE "discord_webhooks" ADD CONSTRAINT "discord_webhooks_static_id_statics_id_fk" FOREIGN KEY ("static_id") REFERENCES "public"."statics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discord_webhooks" ADD CONSTRAINT "discord_webhooks_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discord_posts" ADD CONSTRAINT "discord_posts_static_id_statics_id_fk" FOREIGN KEY ("static_id") REFERENCES "public"."statics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discord_posts" ADD CONSTRAINT "discord_posts_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discord_posts_due_idx" ON "discord_posts" USING btree ("status","next_attempt_at");--> statement-breakpoint
-- Hand-written (as 0002_tenancy.sql): both tables are static-scoped, the tenant role's only, every
-- row limited by RLS to the bound static. The webhook's URL holds its token: the tenant role may
-- write it but not read it back (no SELECT on the column), so no request's query can return it;
-- the poster reads it through app.discord_webhook_url(), for the bound static only.
GRANT SELECT (static_id, webhook_id, set_by, set_at, checked_through), INSERT, UPDATE, DELETE ON discord_webhooks TO progboard_tenant;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON discord_posts TO progboard_tenant;
--> statement-breakpoint
ALTER TABLE discord_webhooks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE discord_webhooks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE discord_posts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE discord_posts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY discord_webhooks_tenant ON discord_webhooks
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
CREATE POLICY discord_posts_tenant ON discord_posts
  USING (static_id = (SELECT app.require_static_id()))
  WITH CHECK (static_id = (SELECT app.require_static_id()));
--> statement-breakpoint
-- No write while a transaction is bound through a grant or as the demo reader (as 0016 for the
-- tables before these). Neither the grantee nor the demo role is granted anything on them: a
-- static's webhook and its posts are not part of what it shares or shows.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['discord_webhooks', 'discord_posts'] LOOP
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR SELECT USING ((SELECT app.bound_grant_id()) IS NULL)', t || '_grant_no_select', t);
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR INSERT WITH CHECK ((SELECT app.bound_grant_id()) IS NULL)', t || '_grant_no_insert', t);
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR UPDATE USING ((SELECT app.bound_grant_id()) IS NULL) WITH CHECK ((SELECT app.bound_grant_id()) IS NULL)', t || '_grant_no_update', t);
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR DELETE USING ((SELECT app.bound_grant_id()) IS NULL)', t || '_grant_no_delete', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The bound static's webhook URL (token included), or NULL: what the poster posts to. Only in a
-- tenant binding (not through a grant, not as the demo).
CREATE FUNCTION app.discord_webhook_url() RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT d.url FROM public.discord_webhooks d
   WHERE d.static_id = app.require_static_id() AND app.bound_grant_id() IS NULL
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.discord_webhook_url() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.discord_webhook_url() TO progboard_tenant;
--> statement-breakpoint
-- Who the poster binds as for a static: the owner who set the webhook while still an owner, else
-- its longest-standing owner, else its longest-standing member (NULL: nobody left).
CREATE FUNCTION app.discord_binding_user(p_static_id integer) RETURNS integer
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(
    (SELECT m.user_id FROM public.static_memberships m JOIN public.discord_webhooks d ON d.static_id = m.static_id
      WHERE m.static_id = p_static_id AND m.user_id = d.set_by AND m.role = 'owner'),
    (SELECT m.user_id FROM public.static_memberships m WHERE m.static_id = p_static_id ORDER BY (m.role = 'owner') DESC, m.joined_at, m.user_id LIMIT 1))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.discord_binding_user(integer) FROM PUBLIC;
--> statement-breakpoint
-- Reports to look at for ended sessions: watched by a static with a webhook, ingested completely
-- after the static's watermark (never what was there before the webhook was set), and not still
-- growing: a live report counts once its last pull ended p_idle_seconds ago. Oldest first, at most
-- p_limit. Only ids, codes and the static's time zone cross the tenant boundary; the poster then
-- binds a tenant transaction and reads everything else under RLS.
CREATE FUNCTION app.discord_ended_reports(p_idle_seconds integer, p_limit integer)
  RETURNS TABLE (static_id integer, user_id integer, time_zone text, report_code text, finished_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT d.static_id, app.discord_binding_user(d.static_id), s.timezone, w.code, l.finished_at
    FROM public.discord_webhooks d
    JOIN public.statics s ON s.id = d.static_id
    JOIN public.watched_reports w ON w.static_id = d.static_id
    JOIN public.ingestion_ledger l ON l.report_code = w.code
    JOIN public.reports r ON r.code = w.code
   WHERE l.status = 'done' AND l.finished_at > d.checked_through
     AND (NOT w.live OR coalesce(r.start_time + (SELECT max(f.end_time) FROM public.fights f WHERE f.report_code = w.code AND f.encounter_id > 0), r.end_time)
                        < (extract(epoch FROM now()) * 1000)::bigint - greatest(p_idle_seconds, 0)::bigint * 1000)
     AND EXISTS (SELECT 1 FROM public.static_memberships m WHERE m.static_id = d.static_id)
   ORDER BY l.finished_at, d.static_id, w.code
   LIMIT least(greatest(p_limit, 0), 1000)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.discord_ended_reports(integer, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.discord_ended_reports(integer, integer) TO progboard_ingest;
--> statement-breakpoint
-- Posts due (pending, their next attempt due, no live lease), oldest first, at most p_limit, with
-- whom to bind as. Only keys cross the tenant boundary.
CREATE FUNCTION app.discord_due_posts(p_limit integer)
  RETURNS TABLE (static_id integer, user_id integer, time_zone text, encounter_id integer, session_key text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.static_id, app.discord_binding_user(p.static_id), s.timezone, p.encounter_id, p.session_key
    FROM public.discord_posts p
    JOIN public.statics s ON s.id = p.static_id
   WHERE p.status = 'pending' AND p.next_attempt_at <= now() AND (p.lease_until IS NULL OR p.lease_until < now())
     AND EXISTS (SELECT 1 FROM public.static_memberships m WHERE m.static_id = p.static_id)
   ORDER BY p.next_attempt_at, p.static_id, p.encounter_id, p.session_key
   LIMIT least(greatest(p_limit, 0), 1000)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.discord_due_posts(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.discord_due_posts(integer) TO progboard_ingest;
