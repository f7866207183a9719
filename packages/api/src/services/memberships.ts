// The membership service: the only code that reads the tenancy tables (statics,
// static_memberships) and the only caller of the definer functions that write them
// (@progboard/db's memberships.ts: each checks the caller's rights itself and writes its audit
// entry in the same transaction). Calls about one static run inside memberProcedure's transaction,
// which has checked the caller's membership; a non-member gets NOT_FOUND, never FORBIDDEN, so
// existence is not leaked. A member without the owner role gets FORBIDDEN.
import {
  addMemberAs,
  type Credential,
  createStaticAs,
  type Database,
  deleteStaticAs,
  joinDefaultStatic,
  MEMBERSHIP_ERRORS,
  type MembershipRole,
  type RemovalOutcome,
  removeMemberAs,
  renameStaticAs,
  setMemberRoleAs,
  sqlState,
  staticMemberships,
  statics,
  users,
} from "@progboard/db";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { ApiError, conflict, notFound, staticNotFound } from "../errors";

export const DEFAULT_STATIC_ID = 1;

export interface RequestUser {
  id: number;
  username: string;
  displayName: string;
  currentStaticId: number | null;
  /** An administrator of this instance (users.is_admin: the first account). */
  isAdmin: boolean;
  /** Time zone of the static asked about (header, else stored default), when there is one. */
  staticTimeZone: string | null;
  provisioned: boolean;
  /** Whether the user is a member of the static asked about (header, else stored default). */
  isMemberOfRequested: boolean;
  /** The user's role in the static asked about; null when not a member. */
  roleInRequested: MembershipRole | null;
  /** The name of the static asked about, when there is one (for messages). */
  staticName: string | null;
}

/**
 * Loads the caller and its membership of `requestedStaticId` (or its stored default) in one query:
 * the user row joined to that static and to the caller's membership of it (both left joins, so a
 * caller asking for a static it is not in, or one that does not exist, still gets its own row).
 */
export async function findRequestUser(db: Database, userId: number, requestedStaticId: number | null): Promise<RequestUser | null> {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      currentStaticId: users.currentStaticId,
      isAdmin: users.isAdmin,
      staticTimeZone: statics.timezone,
      provisioned: sql<boolean>`${users.provisionedAt} is not null`,
      isMemberOfRequested: sql<boolean>`${staticMemberships.userId} is not null`,
      roleInRequested: staticMemberships.role,
      staticName: statics.name,
    })
    .from(users)
    .leftJoin(statics, eq(statics.id, sql`coalesce(${requestedStaticId}::int, ${users.currentStaticId})`))
    .leftJoin(staticMemberships, and(eq(staticMemberships.staticId, statics.id), eq(staticMemberships.userId, users.id)))
    .where(eq(users.id, userId));
  return row ?? null;
}

/** First sighting: join the Default Static (when enabled) and make it current. Idempotent. */
export async function provisionUser(db: Database, userId: number, credential: Credential, autoJoinDefaultStatic: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(users)
      .set({ provisionedAt: new Date() })
      .where(and(eq(users.id, userId), sql`${users.provisionedAt} is null`))
      .returning({ currentStaticId: users.currentStaticId });
    if (!claimed || !autoJoinDefaultStatic) return;
    await joinDefaultStatic(tx, credential);
    if (claimed.currentStaticId === null) {
      await tx.update(users).set({ currentStaticId: DEFAULT_STATIC_ID }).where(eq(users.id, userId));
    }
  });
}

export interface Membership {
  role: MembershipRole;
  staticName: string;
}

/** The user's membership of a static (role, the static's name), or null when not a member. */
export async function findMembership(db: Database, userId: number, staticId: number): Promise<Membership | null> {
  const [row] = await db
    .select({ role: staticMemberships.role, staticName: statics.name })
    .from(staticMemberships)
    .innerJoin(statics, eq(statics.id, staticMemberships.staticId))
    .where(and(eq(staticMemberships.staticId, staticId), eq(staticMemberships.userId, userId)));
  return row ?? null;
}

/** The membership functions' SQLSTATEs, for other services' words. */
export const MEMBERSHIP_WORDS = MEMBERSHIP_ERRORS;

/** "Only an owner of Savage can remove members": FORBIDDEN, the static is visible to a member. */
export const notAnOwner = (staticName: string, action: string) => new ApiError("FORBIDDEN", `Only an owner of ${staticName} can ${action}`);
export const LAST_OWNER = "Make someone else an owner first";
export const SOLE_MEMBER =
  "You are the only member: leaving would leave the static empty. Confirm to delete it with everything in it (export what you want to keep first)";

/** Runs a definer function and puts what it refused into words. */
async function inWords<T>(call: Promise<T>, action: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    switch (sqlState(error)) {
      case MEMBERSHIP_ERRORS.notAMember:
        throw staticNotFound();
      case MEMBERSHIP_ERRORS.targetNotAMember:
        throw notFound("That user is not a member of this static");
      case MEMBERSHIP_ERRORS.notAnOwner:
        throw notAnOwner("this static", action);
      case MEMBERSHIP_ERRORS.lastOwner:
        throw conflict(LAST_OWNER);
      case MEMBERSHIP_ERRORS.soleMember:
        throw conflict(SOLE_MEMBER);
      default:
        throw error;
    }
  }
}

/** The user's statics; only `onlyStaticId` when given (an API key limited to one static). */
export async function listStaticsOf(db: Database, userId: number, onlyStaticId: number | null = null) {
  const memberCount = db
    .select({ staticId: staticMemberships.staticId, n: count().as("n") })
    .from(staticMemberships)
    .groupBy(staticMemberships.staticId)
    .as("member_count");
  return db
    .select({ id: statics.id, name: statics.name, memberCount: sql<number>`${memberCount.n}::int`, role: staticMemberships.role })
    .from(staticMemberships)
    .innerJoin(statics, eq(statics.id, staticMemberships.staticId))
    .innerJoin(memberCount, eq(memberCount.staticId, statics.id))
    .where(and(eq(staticMemberships.userId, userId), onlyStaticId === null ? undefined : eq(staticMemberships.staticId, onlyStaticId)))
    .orderBy(asc(statics.name), asc(statics.id));
}

/** Makes a static the user's default. The caller's membership is checked (memberProcedure). */
export async function setCurrentStatic(db: Database, userId: number, staticId: number): Promise<void> {
  await db.update(users).set({ currentStaticId: staticId, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** Creates a static owned by its creator; it becomes current if the creator was on the Default Static (or nowhere). */
export async function createStatic(db: Database, userId: number, credential: Credential, name: string) {
  return db.transaction(async (tx) => {
    const id = await createStaticAs(tx, credential, name);
    await tx
      .update(users)
      .set({ currentStaticId: id, updatedAt: new Date() })
      .where(and(eq(users.id, userId), sql`(${users.currentStaticId} is null or ${users.currentStaticId} = ${DEFAULT_STATIC_ID})`));
    return { id, name };
  });
}

/** An owner renames the static (ownerOf has checked the role; the definer function checks again). */
export async function renameStatic(db: Database, actor: Credential, staticId: number, name: string) {
  await inWords(renameStaticAs(db, actor, staticId, name), "rename it");
  return { id: staticId, name };
}

/** An owner deletes the static and everything it owns. */
export async function deleteStatic(db: Database, actor: Credential, staticId: number): Promise<void> {
  await inWords(deleteStaticAs(db, actor, staticId), "delete it");
}

export async function listMembers(db: Database, staticId: number) {
  return db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: staticMemberships.role,
      joinedAt: staticMemberships.joinedAt,
    })
    .from(staticMemberships)
    .innerJoin(users, eq(users.id, staticMemberships.userId))
    .where(eq(staticMemberships.staticId, staticId))
    .orderBy(asc(staticMemberships.joinedAt), asc(users.id));
}

/** A member adds a user (by username) to the static. Adding an existing member changes nothing. */
export async function addMember(db: Database, actor: Credential, staticId: number, username: string) {
  const [target] = await db
    .select({ id: users.id, currentStaticId: users.currentStaticId })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  if (!target) throw notFound(`No user named '${username}' — they need to sign in once first`);
  const wasAdded = await inWords(addMemberAs(db, actor, staticId, target.id), "add members");
  // Someone with no static at all starts out in the one they were just added to.
  if (target.currentStaticId === null) {
    await db
      .update(users)
      .set({ currentStaticId: staticId })
      .where(and(eq(users.id, target.id), sql`${users.currentStaticId} is null`));
  }
  const added = (await listMembers(db, staticId)).find((m) => m.userId === target.id);
  if (!added) throw staticNotFound();
  // Someone already a member is not "added" again: the answer says which it was.
  return { ...added, wasAdded };
}

/**
 * Removes a member (owners only), or the caller themself: leaving, which every member may. The
 * last owner cannot leave while others remain; a sole member leaving deletes the static only when
 * `deleteStatic` confirms it. The removed user's stored default moves to another of their statics.
 */
export async function removeMember(
  db: Database,
  actor: Credential,
  staticId: number,
  userId: number,
  deleteStatic: boolean,
): Promise<RemovalOutcome> {
  return inWords(removeMemberAs(db, actor, staticId, userId, deleteStatic), "remove members");
}

/** An owner makes a member an owner, or an owner a member (never the last one). */
export async function setMemberRole(db: Database, actor: Credential, staticId: number, userId: number, role: MembershipRole) {
  const previous = await inWords(setMemberRoleAs(db, actor, staticId, userId, role), "change roles");
  return { userId, role, previous };
}
