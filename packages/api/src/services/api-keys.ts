// A user's API keys (issue 17): the request role reads every column but the hash (migrations/0014);
// keys are created and revoked by definer functions, for the credential's user only (0019). Keys are looked up by
// app.resolve_api_key alone (packages/auth/src/api-keys.ts).
import { generateApiKey } from "@progboard/auth";
import { API_KEY_ERRORS, apiKeys, type Credential, createApiKeyAs, type Database, MEMBERSHIP_ERRORS, revokeApiKeyAs, sqlState } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import { desc, eq, sql } from "drizzle-orm";
import { ApiError, notFound, staticNotFound } from "../errors";

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

/**
 * Creates a key for the caller (app.create_api_key: the credential's user, a static they belong
 * to when limited, at most LIMITS.apiKeysPerUser live keys); the answer carries the key itself,
 * which is never stored nor shown again.
 */
export async function createApiKey(db: Database, owner: Credential, input: NewKeyInput) {
  const { key, prefix, hash } = generateApiKey();
  let id: number;
  try {
    id = await createApiKeyAs(db, owner, {
      name: input.name,
      prefix,
      keyHash: hash,
      staticId: input.staticId ?? null,
      readOnly: input.readOnly ?? false,
      expiresAt: input.expiresAt ?? null,
      max: LIMITS.apiKeysPerUser.max,
    });
  } catch (error) {
    if (sqlState(error) === MEMBERSHIP_ERRORS.notAMember) throw staticNotFound();
    if (sqlState(error) === API_KEY_ERRORS.tooMany)
      throw new ApiError("BAD_REQUEST", `You have ${LIMITS.apiKeysPerUser.max} API keys, the most one may hold: revoke one first`);
    throw error;
  }
  const [created] = await db.select(listed).from(apiKeys).where(eq(apiKeys.id, id));
  if (!created) throw new Error("the new API key is not there");
  return { ...created, key };
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

/** Revokes one of the caller's keys: its next request is refused. Another user's key is NOT_FOUND. */
export async function revokeApiKey(db: Database, owner: Credential, id: number) {
  try {
    return { id, revokedAt: await revokeApiKeyAs(db, owner, id) };
  } catch (error) {
    if (sqlState(error) === API_KEY_ERRORS.noSuchKey) throw notFound("API key not found");
    throw error;
  }
}
