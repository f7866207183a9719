// The membership service: the only code that reads or writes the tenancy tables (statics,
// static_memberships). Calls about one static run inside memberProcedure's transaction, which has
// checked the caller's membership; a non-member gets NOT_FOUND, never FORBIDDEN, so existence is
// not leaked.
import { type Database, staticMemberships, statics, users } from "@progboard/db";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { conflict, notFound, staticNotFound } from "../errors";

export const DEFAULT_STATIC_ID = 1;

export interface RequestUser {
  id: number;
  username: string;
  displayName: string;
  currentStaticId: number | null;
  /** Time zone of the static asked about (header, else stored default), when there is one. */
  staticTimeZone: string | null;
  provisioned: boolean;
  /** Whether the user is a member of the static asked about (header, else stored default). */
  isMemberOfRequested: boolean;
}

/** Loads the caller and checks membership of `requestedStaticId` (or the stored default) in one query. */
export async function findRequestUser(db: Database, userId: number, requestedStaticId: number | null): Promise<RequestUser | null> {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      currentStaticId: users.currentStaticId,
      staticTimeZone: sql<
        string | null
      >`(select s.timezone from ${statics} s where s.id = coalesce(${requestedStaticId}::int, ${users.currentStaticId}))`,
      provisioned: sql<boolean>`${users.provisionedAt} is not null`,
      isMemberOfRequested: sql<boolean>`exists (
        select 1 from ${staticMemberships} m
        where m.user_id = ${users.id}
          and m.static_id = coalesce(${requestedStaticId}::int, ${users.currentStaticId}))`,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}

/** First sighting: join the Default Static (when enabled) and make it current. Idempotent. */
export async function provisionUser(db: Database, userId: number, autoJoinDefaultStatic: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(users)
      .set({ provisionedAt: new Date() })
      .where(and(eq(users.id, userId), sql`${users.provisionedAt} is null`))
      .returning({ currentStaticId: users.currentStaticId });
    if (!claimed || !autoJoinDefaultStatic) return;
    await tx.insert(staticMemberships).values({ staticId: DEFAULT_STATIC_ID, userId }).onConflictDoNothing();
    if (claimed.currentStaticId === null) {
      await tx.update(users).set({ currentStaticId: DEFAULT_STATIC_ID }).where(eq(users.id, userId));
    }
  });
}

export async function isMember(db: Database, userId: number, staticId: number): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(staticMemberships)
    .where(and(eq(staticMemberships.staticId, staticId), eq(staticMemberships.userId, userId)));
  return row !== undefined;
}

/** The user's statics; only `onlyStaticId` when given (an API key limited to one static). */
export async function listStaticsOf(db: Database, userId: number, onlyStaticId: number | null = null) {
  const memberCount = db
    .select({ staticId: staticMemberships.staticId, n: count().as("n") })
    .from(staticMemberships)
    .groupBy(staticMemberships.staticId)
    .as("member_count");
  return db
    .select({ id: statics.id, name: statics.name, memberCount: sql<number>`${memberCount.n}::int` })
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

/** Creates a static with its creator as first member; it becomes current if the creator was on the Default Static (or nowhere). */
export async function createStatic(db: Database, userId: number, name: string) {
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(statics).values({ name }).returning({ id: statics.id, name: statics.name });
    if (!created) throw new Error("insert into statics returned nothing");
    await tx.insert(staticMemberships).values({ staticId: created.id, userId });
    await tx
      .update(users)
      .set({ currentStaticId: created.id, updatedAt: new Date() })
      .where(and(eq(users.id, userId), sql`(${users.currentStaticId} is null or ${users.currentStaticId} = ${DEFAULT_STATIC_ID})`));
    return created;
  });
}

export async function renameStatic(db: Database, staticId: number, name: string) {
  const [renamed] = await db.update(statics).set({ name }).where(eq(statics.id, staticId)).returning({ id: statics.id, name: statics.name });
  if (!renamed) throw staticNotFound();
  return renamed;
}

export async function listMembers(db: Database, staticId: number) {
  return db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      joinedAt: staticMemberships.joinedAt,
    })
    .from(staticMemberships)
    .innerJoin(users, eq(users.id, staticMemberships.userId))
    .where(eq(staticMemberships.staticId, staticId))
    .orderBy(asc(staticMemberships.joinedAt), asc(users.id));
}

/** Adds a user (by username) to a static. Adding an existing member changes nothing. */
export async function addMember(db: Database, staticId: number, username: string) {
  const [target] = await db
    .select({ id: users.id, currentStaticId: users.currentStaticId })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  if (!target) throw notFound(`No user named '${username}' — they need to sign in once first`);
  await db.insert(staticMemberships).values({ staticId, userId: target.id }).onConflictDoNothing();
  // Someone with no static at all starts out in the one they were just added to.
  if (target.currentStaticId === null) {
    await db
      .update(users)
      .set({ currentStaticId: staticId })
      .where(and(eq(users.id, target.id), sql`${users.currentStaticId} is null`));
  }
  const added = (await listMembers(db, staticId)).find((m) => m.userId === target.id);
  if (!added) throw staticNotFound();
  return added;
}

/**
 * Removes a member (or the caller themself: leaving). A static never loses its last member.
 * The removed user's stored default, if it pointed here, moves to another of their statics.
 */
export async function removeMember(db: Database, callerId: number, staticId: number, userId: number): Promise<void> {
  // Locking the static serializes concurrent removals, so two "leave"s cannot empty it; the
  // caller's membership is checked again under the lock (they may have just been removed).
  const [locked] = await db.select({ id: statics.id }).from(statics).where(eq(statics.id, staticId)).for("update");
  if (!locked || !(await isMember(db, callerId, staticId))) throw staticNotFound();
  const [counted] = await db.select({ n: count() }).from(staticMemberships).where(eq(staticMemberships.staticId, staticId));
  const removed = await db
    .delete(staticMemberships)
    .where(and(eq(staticMemberships.staticId, staticId), eq(staticMemberships.userId, userId)))
    .returning({ userId: staticMemberships.userId });
  if (removed.length === 0) throw notFound("That user is not a member of this static");
  if ((counted?.n ?? 0) <= 1) throw conflict("A static needs at least one member");
  const [next] = await db
    .select({ staticId: staticMemberships.staticId })
    .from(staticMemberships)
    .where(and(eq(staticMemberships.userId, userId), ne(staticMemberships.staticId, staticId)))
    .orderBy(asc(staticMemberships.joinedAt), asc(staticMemberships.staticId))
    .limit(1);
  await db
    .update(users)
    .set({ currentStaticId: next?.staticId ?? null, updatedAt: new Date() })
    .where(and(eq(users.id, userId), eq(users.currentStaticId, staticId)));
}
