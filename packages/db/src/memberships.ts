// Writes to statics and static_memberships. The request role cannot write those tables itself
// (migrations/0009_roles.sql): each write is a SECURITY DEFINER function that checks the caller's
// rights (membership, role, the last owner) under a lock on the static and appends its audit entry
// in the same transaction. The caller is named by a credential (a live session or API key), never
// by a user id: the functions resolve it themselves (migrations/0019). These wrappers are the only
// way the application calls them.
import { sql } from "drizzle-orm";
import type { Database } from "./database";
import { queryRows } from "./database";
import type { MembershipRole } from "./schema";
import { assertCredential, type Credential } from "./tenancy";

/** SQLSTATEs the membership functions raise, for the API to put into words. */
export const MEMBERSHIP_ERRORS = {
  /** The caller is not a member of the static (or it does not exist). */
  notAMember: "PB001",
  /** The user acted on is not a member of the static. */
  targetNotAMember: "PB002",
  /** The caller is a member but not an owner. */
  notAnOwner: "PB006",
  /** The only member would leave: confirm to delete the static. */
  soleMember: "PB007",
  /** The last owner would leave or be demoted while other members remain. */
  lastOwner: "PB008",
} as const;

async function one<T>(db: Database, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await queryRows<{ value: T }>(db, query);
  if (!row) throw new Error("a membership function returned no row");
  return row.value;
}

/** Creates a static owned by `actor`; its id. */
export function createStaticAs(db: Database, actor: Credential, name: string): Promise<number> {
  return one<number>(db, sql`select app.create_static(${assertCredential(actor)}::text, ${name}::text) as value`);
}

/** Joins the Default Static (its first member becomes its owner). True when joined now. */
export function joinDefaultStatic(db: Database, user: Credential): Promise<boolean> {
  return one<boolean>(db, sql`select app.join_default_static(${assertCredential(user)}::text) as value`);
}

/** A member adds a user. True when the user was not a member already. */
export function addMemberAs(db: Database, actor: Credential, staticId: number, target: number): Promise<boolean> {
  return one<boolean>(db, sql`select app.add_member(${assertCredential(actor)}::text, ${staticId}::int, ${target}::int) as value`);
}

export type RemovalOutcome = "removed" | "left" | "deleted";

/** Removes a member, or the caller (leaving); a sole member leaving deletes the static only when `deleteIfLast`. */
export function removeMemberAs(db: Database, actor: Credential, staticId: number, target: number, deleteIfLast: boolean): Promise<RemovalOutcome> {
  return one<RemovalOutcome>(
    db,
    sql`select app.remove_member(${assertCredential(actor)}::text, ${staticId}::int, ${target}::int, ${deleteIfLast}::boolean) as value`,
  );
}

/** An owner sets a member's role; the role they had. */
export function setMemberRoleAs(db: Database, actor: Credential, staticId: number, target: number, role: MembershipRole): Promise<MembershipRole> {
  return one<MembershipRole>(
    db,
    sql`select app.set_member_role(${assertCredential(actor)}::text, ${staticId}::int, ${target}::int, ${role}::text) as value`,
  );
}

export async function renameStaticAs(db: Database, actor: Credential, staticId: number, name: string): Promise<void> {
  await db.execute(sql`select app.rename_static(${assertCredential(actor)}::text, ${staticId}::int, ${name}::text)`);
}

/** An owner deletes the static and everything it owns. */
export async function deleteStaticAs(db: Database, actor: Credential, staticId: number): Promise<void> {
  await db.execute(sql`select app.delete_static(${assertCredential(actor)}::text, ${staticId}::int)`);
}
