import { randomBytes } from "node:crypto";
import { type Credential, type DbHandle, sessionCredential, sessions, users } from "@progboard/db";
import { eq, sql } from "drizzle-orm";
import type { Auth } from "./auth";
import { isValidUsername } from "./username";

export interface Identity {
  /** 0 for the demo reader, who has no account. */
  userId: number;
  /**
   * What the database binds and acts by (a live session's token, an API key's hash): it resolves
   * this to the user itself and never takes userId from a request (migrations/0019). Null for the
   * demo reader.
   */
  credential: Credential | null;
  /** The demo reader (demoIdentity): reads the demo static only, writes nothing. */
  demo?: true;
  /** Set-Cookie values to forward (Better Auth refreshes a session as it nears expiry). */
  setCookies?: string[];
  /** Set when the caller is an API key: what the key limits it to (api-keys.ts). */
  apiKey?: ApiKeyScope;
}

export interface ApiKeyScope {
  id: number;
  /** The one static the key may act on, or null for every static of its user. */
  staticId: number | null;
  /** Every mutation is refused. */
  readOnly: boolean;
}

/** Who is calling: the user, or null for an anonymous request. */
export type IdentityResolver = (headers: Headers) => Promise<Identity | null>;

/** The header a demo tab sends on every request ("Explore the demo" on the sign-in page). */
export const DEMO_HEADER = "x-progboard-demo";

/**
 * The demo reader, who has no account: a request carrying `x-progboard-demo: 1` reads the demo
 * static and nothing else (the API's tiers and the database's progboard_demo role see to that),
 * whatever session it also carries. Anything else goes to `inner`.
 */
export function demoIdentity(inner: IdentityResolver): IdentityResolver {
  return async (headers) => (headers.get(DEMO_HEADER)?.trim() === "1" ? { userId: 0, credential: null, demo: true } : inner(headers));
}

/** Identity from a Better Auth session cookie. */
export function sessionIdentity(auth: Auth): IdentityResolver {
  return async (headers) => {
    const { headers: responseHeaders, response: session } = await auth.api.getSession({ headers, returnHeaders: true });
    if (!session) return null;
    return {
      userId: Number(session.user.id),
      credential: sessionCredential(session.session.token),
      setCookies: responseHeaders.getSetCookie(),
    };
  };
}

/** How long a dev identity's session lives; a new one is made a day before it ends. */
const DEV_SESSION_MS = 30 * 24 * 3_600_000;
const DEV_SESSION_RENEW_MS = 24 * 3_600_000;

/**
 * Dev identity, for local work and tests only (the server refuses it in production): the
 * username comes from `x-dev-user`, else HTTP Basic's username, else "dev". Users are created
 * on first sight, without a password, and given a real session (a row in sessions, written by the
 * identity layer's role), so the database binds a dev user the way it binds anyone: by a live
 * session's token (migrations/0019), never by the id.
 */
export function devIdentity(handle: Pick<DbHandle, "db" | "authDb">): IdentityResolver {
  const live = new Map<number, Promise<{ credential: Credential; expiresAt: number }>>();
  const sessionOf = (userId: number): Promise<Credential> => {
    const known = live.get(userId);
    const fresh = known ?? openDevSession(handle, userId);
    if (!known) live.set(userId, fresh);
    return fresh.then(
      (session): Credential | Promise<Credential> => {
        if (session.expiresAt - Date.now() > DEV_SESSION_RENEW_MS) return session.credential;
        live.delete(userId);
        return sessionOf(userId);
      },
      (error: unknown) => {
        live.delete(userId);
        throw error;
      },
    );
  };
  return async (headers) => {
    const name = devUsername(headers);
    if (!name || !isValidUsername(name)) return null;
    const userId = await findOrCreateDevUser(handle, name);
    return { userId, credential: await sessionOf(userId) };
  };
}

async function openDevSession(handle: Pick<DbHandle, "authDb">, userId: number): Promise<{ credential: Credential; expiresAt: number }> {
  // Better Auth's tokens are 32 alphanumeric characters; 24 random bytes in base64url are as strong.
  const token = randomBytes(24).toString("base64url");
  const expiresAt = Date.now() + DEV_SESSION_MS;
  await handle.authDb.insert(sessions).values({ token, userId, expiresAt: new Date(expiresAt), userAgent: "progboard dev identity" });
  return { credential: sessionCredential(token), expiresAt };
}

export function devUsername(headers: Headers): string | null {
  const header = headers.get("x-dev-user");
  if (header !== null) return header.trim();
  const authorization = headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return (colon === -1 ? decoded : decoded.slice(0, colon)).trim() || null;
  }
  return "dev";
}

async function findOrCreateDevUser({ db, authDb }: Pick<DbHandle, "db" | "authDb">, name: string): Promise<number> {
  const normalized = name.toLowerCase();
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, normalized));
  if (existing) return existing.id;
  const email = `${normalized}@dev.invalid`;
  // Accounts are the identity layer's to create (migrations/0019).
  await authDb
    .insert(users)
    .values({ username: normalized, displayUsername: name, displayName: name, email, emailCanonical: email })
    .onConflictDoNothing();
  const [created] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, normalized));
  if (!created) throw new Error(`dev user ${normalized} could not be provisioned`);
  return created.id;
}
