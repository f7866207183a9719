// The audit log of a static (audit_log, migrations/0009_roles.sql): append-only, enforced by
// PostgreSQL. Membership actions are recorded by the definer functions that perform them; every
// other action calls recordAudit with the transaction it runs in, so the entry commits or rolls
// back with the action (an action that fails leaves no entry). In a bound transaction the actor
// is the bound user: the database sets it, whatever the caller would say.
import { auditLog, type TenantDb, users } from "@progboard/db";
import { and, desc, eq, lt } from "drizzle-orm";

/** Every action the log records, as stored. */
export const AUDIT_ACTIONS = [
  "static.created",
  "static.renamed",
  "member.joined",
  "member.added",
  "member.removed",
  "member.left",
  "member.role_changed",
  "handle.rotated",
  "grant.created",
  "grant.revoked",
  "grant.read",
  "template.published",
  "template.unpublished",
  "template.promoted",
  "template.demoted",
  "discord.webhook_set",
  "discord.webhook_cleared",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** The static whose log it is: the bound static (RLS refuses any other). */
  staticId: number;
  action: AuditAction;
  /** What it was about, in words at the time (a name), at most 200 characters. */
  subject?: string | null;
  /** Ids and values a reader may want (small: at most 4 KiB stored). */
  details?: Record<string, unknown>;
}

const SUBJECT_MAX = 200;

/** Appends an entry in `tx`, the transaction of the action it records. */
export async function recordAudit(tx: TenantDb, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    staticId: entry.staticId,
    action: entry.action,
    subject: entry.subject == null ? null : entry.subject.slice(0, SUBJECT_MAX),
    details: entry.details ?? {},
  });
}

export const AUDIT_PAGE = { default: 50, max: 100 } as const;

/** A page of the log, newest first; `cursor` is the last id of the previous page. */
export async function listAudit(tx: TenantDb, staticId: number, { cursor, limit }: { cursor?: number | undefined; limit?: number | undefined }) {
  const size = Math.min(limit ?? AUDIT_PAGE.default, AUDIT_PAGE.max);
  const rows = await tx
    .select({
      id: auditLog.id,
      action: auditLog.action,
      subject: auditLog.subject,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorUserId: auditLog.actorUserId,
      actorUsername: users.username,
      actorDisplayName: users.displayName,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.staticId, staticId), cursor === undefined ? undefined : lt(auditLog.id, cursor)))
    .orderBy(desc(auditLog.id))
    .limit(size + 1);
  const page = rows.slice(0, size);
  return {
    entries: page.map(({ actorUserId, actorUsername, actorDisplayName, ...entry }) => ({
      ...entry,
      // null: no actor (the system); a deleted account keeps its id but has no name any more.
      actor: actorUserId === null ? null : { userId: actorUserId, username: actorUsername, displayName: actorDisplayName },
    })),
    nextCursor: rows.length > size ? (page.at(-1)?.id ?? null) : null,
  };
}
