// API keys (issue 17): `Authorization: Bearer pb_…`. A key is 256 random bits; only its SHA-256
// is stored (migrations/0014), and a request's key is looked up by app.resolve_api_key, which
// answers only for a key that is neither revoked nor expired. A request that carries a bearer key
// is judged by that key alone: its cookies are ignored, so a browser session cannot widen a key.
import { createHash, randomBytes } from "node:crypto";
import { apiKeyCredential, type Database, queryRows } from "@progboard/db";
import { sql } from "drizzle-orm";
import type { Identity, IdentityResolver } from "./identity";

export const API_KEY_PREFIX = "pb_";
/** `pb_` and 32 random bytes in base64url (43 characters). */
const KEY_PATTERN = /^pb_[A-Za-z0-9_-]{43}$/;
/** How many characters of a key a list shows (`pb_` and 8 more): enough to tell keys apart. */
const SHOWN_CHARACTERS = 11;

export interface NewApiKey {
  /** The key itself: shown once, never stored. */
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): NewApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, SHOWN_CHARACTERS), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The bearer token of a request, or null when it sends none. */
export function bearerToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (!authorization || !/^bearer\s/i.test(authorization)) return null;
  return authorization.slice(6).trim();
}

/** A request whose credentials are refused outright: UNAUTHORIZED, or TOO_MANY_REQUESTS. */
export class CredentialError extends Error {
  constructor(
    readonly code: "UNAUTHORIZED" | "TOO_MANY_REQUESTS",
    message: string,
  ) {
    super(message);
    this.name = "CredentialError";
  }
}

export const INVALID_API_KEY = "This API key is not valid: it is unknown, revoked or expired";

export interface ApiKeyRateLimit {
  /** Requests one key may make per window. */
  max: number;
  windowMs: number;
}

export const API_KEY_RATE_LIMIT: ApiKeyRateLimit = { max: 600, windowMs: 60_000 };

/** Windows the limiter holds at the most (one per key in use within a window). */
export const API_KEY_LIMITER_MAX_WINDOWS = 10_000;

/**
 * Requests per key in fixed windows, in this process's memory. Keyed by the key's hash (before
 * the database is asked), so a flood of calls with one key costs no queries once it is over.
 * Bounded: at most `maxWindows` windows, kept in the order they started (a renewed window moves to
 * the end), so expired ones are dropped from the front, and while it is full the oldest goes: a
 * flood of made-up keys costs O(1) a request and cannot grow the map. (An evicted key starts a new
 * window: a flood of 10,000 keys in one minute can reset the oldest key's count, never raise memory.)
 */
export class ApiKeyLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: ApiKeyRateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxWindows = API_KEY_LIMITER_MAX_WINDOWS,
  ) {}

  /** Windows held now. */
  get size(): number {
    return this.windows.size;
  }

  /** Seconds to wait, or 0 when this request may go ahead (and is counted). */
  take(hash: string): number {
    const now = this.now();
    let window = this.windows.get(hash);
    if (!window || now - window.start >= this.limit.windowMs) {
      // Re-inserted at the end, so the map stays in start order.
      if (window) this.windows.delete(hash);
      this.evict(now);
      window = { start: now, count: 0 };
      this.windows.set(hash, window);
    }
    if (window.count >= this.limit.max) return Math.max(1, Math.ceil((window.start + this.limit.windowMs - now) / 1000));
    window.count++;
    return 0;
  }

  /** From the front (oldest start): every expired window, then the oldest while there is no room. */
  private evict(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start < this.limit.windowMs && this.windows.size < this.maxWindows) break;
      this.windows.delete(key);
    }
  }
}

/**
 * Identity from an API key when the request sends `Authorization: Bearer …`, else from
 * `fallback` (the session cookie, or the dev identity). A bad, revoked or expired key is refused
 * (UNAUTHORIZED), never treated as anonymous or handed to the fallback.
 */
export function apiKeyIdentity(db: Database, fallback: IdentityResolver, limiter = new ApiKeyLimiter(API_KEY_RATE_LIMIT)): IdentityResolver {
  return async (headers): Promise<Identity | null> => {
    const token = bearerToken(headers);
    if (token === null) return fallback(headers);
    if (!KEY_PATTERN.test(token)) throw new CredentialError("UNAUTHORIZED", INVALID_API_KEY);
    const hash = hashApiKey(token);
    const wait = limiter.take(hash);
    if (wait > 0) throw new CredentialError("TOO_MANY_REQUESTS", `Too many requests with this API key: try again in ${wait} s`);
    const [row] = await queryRows<{ key_id: number; user_id: number; static_id: number | null; read_only: boolean }>(
      db,
      sql`select key_id, user_id, static_id, read_only from app.resolve_api_key(${hash})`,
    );
    if (!row) throw new CredentialError("UNAUTHORIZED", INVALID_API_KEY);
    return { userId: row.user_id, credential: apiKeyCredential(hash), apiKey: { id: row.key_id, staticId: row.static_id, readOnly: row.read_only } };
  };
}
