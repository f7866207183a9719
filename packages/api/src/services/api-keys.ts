// A user's API keys (issue 17), on the request role's handle: it may insert a key's hash and
// read every other column, never a hash (migrations/0014). Keys are looked up by
// app.resolve_api_key alone (packages/auth/src/api-keys.ts).
import { generateApiKey } from "@progboard/auth";
import { apiKeys, type Database } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { ApiError, notFound, staticNotFound } from "../errors";
import { findMembership } from "./memberships";

const listed = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  staticId: apiKeys.staticId,
  readOnly: apiKeys.readOnly,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
};

export interface NewKeyInput {
  name: string;
  staticId?: number | undefined;
  readOnly?: boolean | undefined;
  expiresAt?: Date | undefined;
}

/** Creates a key; the answer carries the key itself, which is never stored nor shown again. */
export async function createApiKey(db: Database, userId: number, input: NewKeyInput) {
  return db.transaction(async (tx) => {
    if (input.staticId !== undefined && !(await findMembership(tx, userId, input.staticId))) throw staticNotFound();
    const [held] = await tx
      .select({ n: count() })
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
    if ((held?.n ?? 0) >= LIMITS.apiKeysPerUser.max)
      throw new ApiError("BAD_REQUEST", `You have ${LIMITS.apiKeysPerUser.max} API keys, the most one may hold: revoke one first`);
    const { key, prefix, hash } = generateApiKey();
    const [created] = await tx
      .insert(apiKeys)
      .values({
        userId,
        name: input.name,
        prefix,
        keyHash: hash,
        staticId: input.staticId ?? null,
        readOnly: input.readOnly ?? false,
        expiresAt: input.expiresAt ?? null,
      })
      .returning(listed);
    if (!created) throw new Error("insert into api_keys returned nothing");
    return { ...created, key };
  });
}

/** The user's keys, newest first, revoked ones included (they say when they were revoked). */
export function listApiKeys(db: Database, userId: number) {
  const expired = sql<boolean>`coalesce(${apiKeys.expiresAt} <= now(), false)`;
  return db
    .select({ ...listed, expired })
    .from(apiKeys)
    .where(eq(apiKeys.userId, userId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Revokes one of the user's keys: its next request is refused. Another user's key is NOT_FOUND. */
export async function revokeApiKey(db: Database, userId: number, id: number) {
  const [row] = await db
    .select({ revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)));
  if (!row) throw notFound("API key not found");
  if (row.revokedAt) return { id, revokedAt: row.revokedAt };
  const [revoked] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
    .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
  if (!revoked) throw notFound("API key not found");
  return revoked;
}
