-- 0020's app.incoming_report_names took the reader's user id from the request, written beside
-- 0019, which stopped every other request-facing function from doing so: SQL run as the request
-- role could read the names of the reports shared with any static by naming one of its members.
-- The request role now names the reader by a credential (a live session or API key), like the rest.
REVOKE ALL ON FUNCTION app.incoming_report_names(integer, integer) FROM progboard_app;
--> statement-breakpoint
CREATE FUNCTION app.incoming_report_names(p_credential text, p_static_id integer)
  RETURNS TABLE (grant_id integer, label text, title text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT * FROM app.incoming_report_names(app.credential_user(p_credential), p_static_id) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.incoming_report_names(text, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.incoming_report_names(text, integer) TO progboard_app;
