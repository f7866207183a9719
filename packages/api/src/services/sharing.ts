// The sharing service (SPEC.md H): share handles and grants, on the tenancy tables (statics,
// static_grants), like the membership service. Every call acts for the caller's current static and
// checks the caller's membership in the transaction it runs in. A grant names its grantee by
// handle, never by id or name: an unknown or rotated-away handle is NOT_FOUND.
import {
  type Credential,
  createGrantAs,
  type Database,
  incomingReportNames,
  revokeGrantAs,
  rotateShareHandleAs,
  SHARING_ERRORS,
  sqlState,
  staticGrants,
  statics,
  type WithTenant,
  watchedReports,
} from "@progboard/db";
import { aliasedTable, and, desc, eq, isNull } from "drizzle-orm";
import { ApiError, conflict, mapViolations, notFound, notWatched, staticNotFound } from "../errors";
import { findMembership, MEMBERSHIP_WORDS, notAnOwner } from "./memberships";

/** The one NOT_FOUND of a grant that does not exist, is revoked, is not ours or not readable by the caller. */
export const grantNotFound = () => notFound("No such grant");

export type GrantScope = "report" | "progression";

async function inMembership<T>(db: Database, userId: number, staticId: number, fn: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    if (!(await findMembership(tx, userId, staticId))) throw staticNotFound();
    return fn(tx);
  });
}

/** Runs a sharing definer function and puts what it refused into words. */
async function inWords<T>(call: Promise<T>, action: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    switch (sqlState(error)) {
      case MEMBERSHIP_WORDS.notAMember:
        throw staticNotFound();
      case MEMBERSHIP_WORDS.notAnOwner:
        throw notAnOwner("this static", action);
      case SHARING_ERRORS.noSuchHandle:
        throw notFound("No static has that share handle");
      case SHARING_ERRORS.selfGrant:
        throw new ApiError("BAD_REQUEST", "A static cannot share with itself");
      case SHARING_ERRORS.noSuchGrant:
        throw grantNotFound();
      default:
        throw error;
    }
  }
}

export async function shareHandle(db: Database, userId: number, staticId: number): Promise<{ handle: string }> {
  return inMembership(db, userId, staticId, async (tx) => {
    const [row] = await tx.select({ handle: statics.shareHandle }).from(statics).where(eq(statics.id, staticId));
    if (!row) throw staticNotFound();
    return row;
  });
}

/** A new handle; the old one names nothing from now on. Grants already given stay. Owners only. */
export async function rotateShareHandle(db: Database, actor: Credential, staticId: number): Promise<{ handle: string }> {
  return { handle: await inWords(rotateShareHandleAs(db, actor, staticId), "rotate the share handle") };
}

export interface GrantRequest {
  granteeHandle: string;
  scope: GrantScope;
  code?: string | undefined;
}

export async function createGrant(
  db: Database,
  withTenant: WithTenant,
  actor: Credential,
  staticId: number,
  request: GrantRequest,
): Promise<{ grantId: number }> {
  if (request.scope === "report" && request.code === undefined) throw new ApiError("BAD_REQUEST", "Name the report to share (code)");
  if (request.scope === "progression" && request.code !== undefined)
    throw new ApiError("BAD_REQUEST", "A progression grant shares every report: leave the code out");
  const code = request.code;
  if (code !== undefined) {
    // Only a report this static watches can be shared (read in its own bound transaction).
    const watched = await withTenant(
      { credential: actor, staticId },
      (tx) =>
        tx
          .select({ code: watchedReports.code })
          .from(watchedReports)
          .where(and(eq(watchedReports.staticId, staticId), eq(watchedReports.code, code))),
      { readOnly: true },
    );
    if (watched.length === 0) throw notWatched();
  }
  const grantId = await inWords(
    mapViolations(createGrantAs(db, actor, staticId, { granteeHandle: request.granteeHandle, scope: request.scope, code: code ?? null }), {
      unique: () => conflict("That static already has this access"),
    }),
    "give access",
  );
  return { grantId };
}

/** Revokes a grant this static gave: the grantee's next request is refused. Never deletes it. Owners only. */
export async function revokeGrant(db: Database, actor: Credential, staticId: number, grantId: number): Promise<void> {
  await inWords(revokeGrantAs(db, actor, staticId, grantId), "revoke access");
}

const granteeStatic = aliasedTable(statics, "grantee_static");
const granterStatic = aliasedTable(statics, "granter_static");

/** Grants this static gave, revoked ones included, newest first, with the grantee's name. */
export async function listOutgoing(db: Database, userId: number, staticId: number) {
  return inMembership(db, userId, staticId, (tx) =>
    tx
      .select({
        grantId: staticGrants.id,
        granteeName: granteeStatic.name,
        scope: staticGrants.scope,
        code: staticGrants.reportCode,
        grantedAt: staticGrants.createdAt,
        revokedAt: staticGrants.revokedAt,
      })
      .from(staticGrants)
      .innerJoin(granteeStatic, eq(granteeStatic.id, staticGrants.granteeStaticId))
      .where(eq(staticGrants.granterStaticId, staticId))
      .orderBy(desc(staticGrants.createdAt), desc(staticGrants.id))
      .limit(500),
  );
}

/**
 * Active grants to this static, newest first, with the granter's name and, for a report grant,
 * what the granter calls the report and its title (null when unknown: see
 * migrations/0020 app.incoming_report_names for why both are safe to show).
 */
export async function listIncoming(db: Database, userId: number, reader: Credential, staticId: number) {
  return inMembership(db, userId, staticId, async (tx) => {
    const rows = await tx
      .select({
        grantId: staticGrants.id,
        granterName: granterStatic.name,
        scope: staticGrants.scope,
        code: staticGrants.reportCode,
        grantedAt: staticGrants.createdAt,
      })
      .from(staticGrants)
      .innerJoin(granterStatic, eq(granterStatic.id, staticGrants.granterStaticId))
      .where(and(eq(staticGrants.granteeStaticId, staticId), isNull(staticGrants.revokedAt)))
      .orderBy(desc(staticGrants.createdAt), desc(staticGrants.id))
      .limit(500);
    const names = new Map((await incomingReportNames(tx, reader, staticId)).map((n) => [n.grantId, n]));
    return rows.map((row) => ({ ...row, reportLabel: names.get(row.grantId)?.label ?? null, reportTitle: names.get(row.grantId)?.title ?? null }));
  });
}

export type { OpenedGrant as ResolvedGrant } from "@progboard/db";
