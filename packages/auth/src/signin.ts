// Sign-in hardening around Better Auth's /sign-in/username and /sign-in/email:
// - the same hashing work whoever is named: an unknown name (or an account without a password)
//   verifies the password against a dummy argon2id hash, exactly as a wrong password is verified
//   against the real one, and answers with the same body;
// - a per-account limit on failed sign-ins, kept per source address, so guessing from one place
//   does not lock the owner out from another.
import { randomBytes } from "node:crypto";
import { accounts, type Database, users } from "@progboard/db";
import { APIError } from "better-auth/api";
import { and, eq, sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "./password";
import { isValidUsername } from "./username";

/** How passwords are hashed and checked (argon2id by default; tests may wrap them). */
export interface PasswordFunctions {
  hash(password: string): Promise<string>;
  verify(input: { hash: string; password: string }): Promise<boolean>;
}

export const ARGON2_PASSWORDS: PasswordFunctions = { hash: hashPassword, verify: verifyPassword };

/** Better Auth's limits on a password's length (emailAndPassword in auth.ts). */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export const SIGN_IN_PATHS = new Set(["/sign-in/username", "/sign-in/email"]);

/** What the sign-in names: an account with a password, or nothing a password can open. */
export interface SignInTarget {
  /** A key shared by both sign-in paths of one account (or of one unknown name). */
  key: string;
  /** The stored hash, or null when no account with a password answers to this name. */
  hash: string | null;
}

/**
 * The account a sign-in request names, or undefined when the request is malformed (Better Auth
 * answers those itself, before looking anyone up).
 */
export async function signInTarget(db: Database, path: string, body: unknown): Promise<SignInTarget | undefined> {
  const fields = (body ?? {}) as { username?: unknown; email?: unknown; password?: unknown };
  if (typeof fields.password !== "string" || fields.password.length === 0 || fields.password.length > MAX_PASSWORD_LENGTH) return undefined;
  let where: ReturnType<typeof eq>;
  let key: string;
  if (path === "/sign-in/username") {
    if (typeof fields.username !== "string" || !isValidUsername(fields.username)) return undefined;
    const name = fields.username.toLowerCase();
    where = eq(sql`lower(${users.username})`, name);
    key = `username:${name}`;
  } else {
    if (typeof fields.email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(fields.email)) return undefined;
    const email = fields.email.toLowerCase();
    where = eq(users.email, email);
    key = `email:${email}`;
  }
  const [row] = await db
    .select({ id: users.id, hash: accounts.password })
    .from(users)
    .leftJoin(accounts, and(eq(accounts.userId, users.id), eq(accounts.providerId, "credential")))
    .where(where)
    .limit(1);
  if (!row) return { key, hash: null };
  return { key: `user:${row.id}`, hash: row.hash ?? null };
}

/** The answer to a failed sign-in, identical to Better Auth's for a wrong password. */
export function invalidCredentials(path: string): APIError {
  return path === "/sign-in/username"
    ? new APIError("UNAUTHORIZED", { code: "INVALID_USERNAME_OR_PASSWORD", message: "Invalid username or password" })
    : new APIError("UNAUTHORIZED", { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" });
}

/**
 * A hash of a random password nobody knows, made once with the same parameters as real ones:
 * verifying against it costs what verifying against a real hash costs, and never matches.
 */
export function dummyHash(passwords: PasswordFunctions): () => Promise<string> {
  let made: Promise<string> | undefined;
  return () => (made ??= passwords.hash(randomBytes(24).toString("base64url")));
}

export interface SignInLimits {
  /** Failed sign-ins for one account from one address before that address is refused. */
  perAddress: number;
  /** Failed sign-ins for one account from all addresses before new addresses are refused. */
  perAccount: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS: SignInLimits = { perAddress: 5, perAccount: 50, windowMs: 15 * 60_000 };

interface Failures {
  count: number;
  since: number;
}

/** Accounts tracked at most; the oldest entries go first beyond it (memory stays bounded). */
const MAX_TRACKED = 20_000;

/**
 * Failed sign-ins per account, in this process's memory. An address is refused for an account
 * after `perAddress` failures within the window; once the account has `perAccount` failures from
 * anywhere within the window, only addresses that signed in to it successfully before (within
 * 30 days) may still try. A successful sign-in clears its address's failures. Other accounts and
 * other addresses are never affected.
 */
export class SignInLimiter {
  private readonly byAddress = new Map<string, Failures>();
  private readonly byAccount = new Map<string, Failures>();
  private readonly known = new Map<string, number>();

  constructor(
    private readonly limits: SignInLimits = SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `address` may try `account` again, or 0 when it may now. */
  retryAfter(account: string, address: string): number {
    const time = this.now();
    const mine = this.current(this.byAddress, `${account}\n${address}`, time);
    if (mine && mine.count >= this.limits.perAddress) return mine.since + this.limits.windowMs - time;
    const all = this.current(this.byAccount, account, time);
    const knownAt = this.known.get(`${account}\n${address}`);
    const isKnown = knownAt !== undefined && time - knownAt < 30 * 24 * 3_600_000;
    if (all && all.count >= this.limits.perAccount && !isKnown) return all.since + this.limits.windowMs - time;
    return 0;
  }

  failed(account: string, address: string): void {
    const time = this.now();
    this.bump(this.byAddress, `${account}\n${address}`, time);
    this.bump(this.byAccount, account, time);
  }

  succeeded(account: string, address: string): void {
    this.byAddress.delete(`${account}\n${address}`);
    this.remember(this.known, `${account}\n${address}`, this.now());
  }

  private current(map: Map<string, Failures>, key: string, time: number): Failures | undefined {
    const entry = map.get(key);
    if (entry && time - entry.since >= this.limits.windowMs) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  private bump(map: Map<string, Failures>, key: string, time: number): void {
    const entry = this.current(map, key, time);
    if (entry) entry.count++;
    else this.remember(map, key, { count: 1, since: time });
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    // Maps iterate in insertion order: the first key is the oldest.
    while (map.size > MAX_TRACKED) map.delete(map.keys().next().value as string);
  }
}

/** The answer when the limit applies: in words, with when to try again. */
export function tooManyFailures(retryAfterMs: number): APIError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return new APIError("TOO_MANY_REQUESTS", {
    code: "TOO_MANY_FAILED_SIGN_INS",
    message: `Too many failed sign-ins to this account from your address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  });
}
