// Writes to static_grants and share handles, and the start of a shared read. The request role
// cannot write those itself (migrations/0010_sharing.sql): each is a SECURITY DEFINER function that
// checks the caller's rights (an owner of the granter; a member of the grantee for a read) and
// appends its audit entries in the same transaction. These wrappers are the only way in.
import { sql } from "drizzle-orm";
import type { Database } from "./database";
import { queryRows } from "./database";
import { assertCredential, type Credential } from "./tenancy";

/** SQLSTATEs the sharing functions raise (besides the membership ones), for the API to put into words. */
export const SHARING_ERRORS = {
  /** No static has that share handle (or it was rotated away). */
  noSuchHandle: "PB020",
  /** A static named itself as the grantee. */
  selfGrant: "PB021",
  /** No active grant of this static with that id. */
  noSuchGrant: "PB022",
} as const;

export async function rotateShareHandleAs(db: Database, actor: Credential, staticId: number): Promise<string> {
  const [row] = await queryRows<{ value: string }>(
    db,
    sql`select app.rotate_share_handle(${assertCredential(actor)}::text, ${staticId}::int) as value`,
  );
  if (!row) throw new Error("rotate_share_handle returned no row");
  return row.value;
}

export async function createGrantAs(
  db: Database,
  actor: Credential,
  staticId: number,
  grant: { granteeHandle: string; scope: "report" | "progression"; code: string | null },
): Promise<number> {
  const [row] = await queryRows<{ value: number }>(
    db,
    sql`select app.create_grant(${assertCredential(actor)}::text, ${staticId}::int, ${grant.granteeHandle}::text, ${grant.scope}::text, ${grant.code}::text) as value`,
  );
  if (!row) throw new Error("create_grant returned no row");
  return row.value;
}

export async function revokeGrantAs(db: Database, actor: Credential, staticId: number, grantId: number): Promise<void> {
  await db.execute(sql`select app.revoke_grant(${assertCredential(actor)}::text, ${staticId}::int, ${grantId}::int)`);
}

export interface OpenedGrant {
  grantId: number;
  granterStaticId: number;
  granterName: string;
  granterTimeZone: string;
  scope: "report" | "progression";
  code: string | null;
}

/**
 * A shared read begins: the grant as this reader (a member of the grantee) may use it, or null;
 * the read is recorded in the granter's audit log the first time in each hour per (grant, reader,
 * procedure). Read fresh on every call: nothing about a grant is cached.
 */
export async function openGrant(
  db: Database,
  reader: Credential,
  granteeStaticId: number,
  grantId: number,
  procedure: string,
): Promise<OpenedGrant | null> {
  const [row] = await queryRows<{
    granterStaticId: number;
    granterName: string;
    granterTimeZone: string;
    scope: "report" | "progression";
    code: string | null;
  }>(
    db,
    sql`select granter_static_id as "granterStaticId", granter_name as "granterName", granter_timezone as "granterTimeZone", scope, report_code as code
        from app.open_grant(${assertCredential(reader)}::text, ${granteeStaticId}::int, ${grantId}::int, ${procedure}::text)`,
  );
  return row ? { grantId, ...row } : null;
}

export interface IncomingReportName {
  grantId: number;
  /** The granter's label for the report; null when it has none (or no longer watches it). */
  label: string | null;
  /** The report's title (FFLogs', or the imported file's); null until it is fetched, or when it has none. */
  title: string | null;
}

/**
 * The label and title of each report shared with `staticId` by an active report grant, for a
 * member of it (nothing for anyone else). Names only: nothing about the granter's members.
 */
export function incomingReportNames(db: Database, reader: Credential, staticId: number): Promise<IncomingReportName[]> {
  return queryRows<IncomingReportName>(
    db,
    sql`select grant_id as "grantId", label, title from app.incoming_report_names(${assertCredential(reader)}::text, ${staticId}::int)`,
  );
}
