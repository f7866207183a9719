// The instance admin's calls (migrations/0009_roles.sql): SECURITY DEFINER functions that check
// users.is_admin themselves and record each call in admin_log. An admin sees templates through
// them and nothing else of any static.
import { sql } from "drizzle-orm";
import type { Database } from "./database";
import { queryRows } from "./database";
import type { TemplateEntry } from "./schema";
import { assertCredential, type Credential } from "./tenancy";

/** SQLSTATE of a caller who is not an instance admin. */
export const NOT_AN_ADMIN = "PB012";

export interface AdminTemplateRow {
  id: number;
  encounter_id: number;
  name: string;
  description: string | null;
  entries: TemplateEntry[];
  published_at: Date | string;
  promoted_at: Date | string | null;
}

/** Every published template (newest first, at most 1,000), recorded in admin_log. */
export function adminListTemplates(db: Database, admin: Credential): Promise<AdminTemplateRow[]> {
  return queryRows<AdminTemplateRow>(db, sql`select * from app.admin_list_templates(${assertCredential(admin)}::text)`);
}

/** Promotes or demotes a template; false when there is no such template. */
export async function adminSetTemplatePromoted(db: Database, admin: Credential, templateId: number, promoted: boolean): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`select app.admin_set_template_promoted(${assertCredential(admin)}::text, ${templateId}::int, ${promoted}::boolean) as found`,
  );
  return row?.found ?? false;
}

/** Sets (or replaces) the instance's FFLogs API client; an instance admin's call only (PB012). */
export async function setFflogsCredentialsAs(db: Database, admin: Credential, clientId: string, clientSecret: string): Promise<void> {
  await db.execute(sql`select app.set_fflogs_credentials(${assertCredential(admin)}::text, ${clientId}::text, ${clientSecret}::text)`);
}

/** Forgets the instance's FFLogs API client; the client id removed, or null when none was set. */
export async function clearFflogsCredentialsAs(db: Database, admin: Credential): Promise<string | null> {
  const [row] = await queryRows<{ removed: string | null }>(
    db,
    sql`select app.clear_fflogs_credentials(${assertCredential(admin)}::text) as removed`,
  );
  return row?.removed ?? null;
}

/** SQLSTATEs of the API key functions (migrations/0019). */
export const API_KEY_ERRORS = {
  /** Not one of the caller's keys. */
  noSuchKey: "PB041",
  /** The caller holds the most live keys one may. */
  tooMany: "PB042",
} as const;

export interface NewApiKeyRow {
  name: string;
  prefix: string;
  keyHash: string;
  staticId: number | null;
  readOnly: boolean;
  expiresAt: Date | null;
  /** The most live keys one user may hold. */
  max: number;
}

/** Creates a key for the credential's user (a static they belong to, when limited: PB001); its id. */
export async function createApiKeyAs(db: Database, owner: Credential, key: NewApiKeyRow): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select app.create_api_key(${assertCredential(owner)}::text, ${key.name}::text, ${key.prefix}::text, ${key.keyHash}::text,
      ${key.staticId}::int, ${key.readOnly}::boolean, ${key.expiresAt?.toISOString() ?? null}::timestamptz, ${key.max}::int) as id`,
  );
  if (!row) throw new Error("create_api_key returned no row");
  return row.id;
}

/** Revokes one of the credential's user's keys (PB041 otherwise); when it was revoked. */
export async function revokeApiKeyAs(db: Database, owner: Credential, keyId: number): Promise<Date> {
  const [row] = await queryRows<{ revoked: Date | string }>(
    db,
    sql`select app.revoke_api_key(${assertCredential(owner)}::text, ${keyId}::int) as revoked`,
  );
  if (!row) throw new Error("revoke_api_key returned no row");
  return new Date(row.revoked);
}
