import { timingSafeEqual } from "node:crypto";
import { accounts, type Database, sessions, users, verifications } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { username } from "better-auth/plugins";
import { count } from "drizzle-orm";
import { canonicalEmail } from "./email";
import { hashPassword, verifyPassword } from "./password";

export type SignupPolicy = "open" | "code" | "closed";

/**
 * The header the HTTP server sets from the connection's real peer address (after stripping any
 * client-sent copy). Rate limits are keyed by it, so a client cannot pick its own bucket.
 */
export const CLIENT_IP_HEADER = "x-progboard-client-ip";

export interface AuthConfig {
  db: Database;
  /** Public base URL of the app, e.g. https://progboard.example.org */
  baseURL: string;
  secret: string;
  trustedOrigins: string[];
  signup: { policy: SignupPolicy; code?: string | undefined };
  production: boolean;
}

export function createAuth(config: AuthConfig) {
  const { db } = config;
  const countUsers = async () => (await db.select({ n: count() }).from(users))[0]?.n ?? 0;

  return betterAuth({
    appName: "progboard",
    baseURL: config.baseURL,
    basePath: "/api/auth",
    secret: config.secret,
    trustedOrigins: config.trustedOrigins,
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { users, sessions, accounts, verifications },
      usePlural: true,
    }),
    user: {
      fields: { name: "displayName" },
      additionalFields: {
        emailCanonical: { type: "string", required: false, input: false, returned: false },
        isAdmin: { type: "boolean", required: false, input: false, defaultValue: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    plugins: [username({ minUsernameLength: LIMITS.username.minLength, maxUsernameLength: LIMITS.username.maxLength })],
    // Availability probing is an account-enumeration oracle; sign-up reports a taken name anyway.
    disabledPaths: ["/is-username-available"],
    rateLimit: {
      enabled: config.production,
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/*": { window: 60, max: 10 },
        "/sign-up/*": { window: 60, max: 5 },
      },
    },
    advanced: {
      database: { generateId: "serial" },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: config.production,
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-up/email") return;
        await assertSignupAllowed(config.signup, (ctx.body as { signupCode?: unknown } | undefined)?.signupCode, countUsers);
      }),
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => {
            const emailCanonical = canonicalEmail(user.email);
            const taken = await db.query.users.findFirst({
              columns: { id: true },
              where: (u, { eq }) => eq(u.emailCanonical, emailCanonical),
            });
            if (taken) {
              throw new APIError("UNPROCESSABLE_ENTITY", { message: "User already exists. Use another email." });
            }
            // The very first account of an instance becomes its admin.
            return { data: { ...user, emailCanonical, isAdmin: (await countUsers()) === 0 } };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

async function assertSignupAllowed(signup: AuthConfig["signup"], offeredCode: unknown, countUsers: () => Promise<number>): Promise<void> {
  if (signup.policy === "open") return;
  // The first account can always be created, so a fresh instance is never locked out.
  if ((await countUsers()) === 0) return;
  if (signup.policy === "closed") {
    throw new APIError("FORBIDDEN", { message: "Sign-up is closed on this instance." });
  }
  if (!signup.code || typeof offeredCode !== "string" || !sameSecret(offeredCode, signup.code)) {
    throw new APIError("FORBIDDEN", { message: "A valid sign-up code is required to create an account here." });
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
