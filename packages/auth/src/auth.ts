import { timingSafeEqual } from "node:crypto";
import { accounts, type Database, sessions, users, verifications } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { username } from "better-auth/plugins/username";
import { count } from "drizzle-orm";
import { assertUncommonPassword, PASSWORD_SETTING_PATHS } from "./common";
import { canonicalEmail } from "./email";
import {
  ARGON2_PASSWORDS,
  dummyHash,
  invalidCredentials,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type PasswordFunctions,
  SIGN_IN_LIMITS,
  SIGN_IN_PATHS,
  SignInLimiter,
  type SignInLimits,
  signInTarget,
  tooManyFailures,
} from "./signin";

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
  /** Allowed origins, or a function of the request (the origin a browser used, outside production). */
  trustedOrigins: string[] | ((request?: Request) => string[]);
  signup: { policy: SignupPolicy; code?: string | undefined };
  production: boolean;
  /** How passwords are hashed and verified: argon2id unless a test wraps it. */
  passwords?: PasswordFunctions | undefined;
  /** Failed sign-ins allowed per account (see SignInLimiter). */
  signInLimits?: SignInLimits | undefined;
}

export function createAuth(config: AuthConfig) {
  const { db } = config;
  const countUsers = async () => (await db.select({ n: count() }).from(users))[0]?.n ?? 0;
  const passwords = config.passwords ?? ARGON2_PASSWORDS;
  const dummy = dummyHash(passwords);
  // Made now, so the first unknown name costs no more than any later one.
  dummy().catch(() => undefined);
  const limiter = new SignInLimiter(config.signInLimits ?? SIGN_IN_LIMITS);
  const addressOf = (headers: Headers | undefined) => headers?.get(CLIENT_IP_HEADER) ?? "unknown";

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
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      password: { hash: (password) => passwords.hash(password), verify: (input) => passwords.verify(input) },
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
        if (ctx.path === "/sign-up/email" || ctx.path === "/update-user")
          assertNotReserved((ctx.body as { username?: unknown } | undefined)?.username);
        if (ctx.path === "/sign-up/email") {
          await assertSignupAllowed(config.signup, (ctx.body as { signupCode?: unknown } | undefined)?.signupCode, countUsers);
        }
        const field = PASSWORD_SETTING_PATHS.get(ctx.path);
        if (field) assertUncommonPassword((ctx.body as Record<string, unknown> | undefined)?.[field]);
        if (!SIGN_IN_PATHS.has(ctx.path)) return;
        const target = await signInTarget(db, ctx.path, ctx.body);
        if (!target) return;
        const address = addressOf(ctx.headers);
        const wait = limiter.retryAfter(target.key, address);
        if (wait > 0) throw tooManyFailures(wait);
        if (target.hash !== null) return;
        // Nobody with a password answers to this name: the same argon2id work as a wrong password
        // costs, then the same answer.
        await passwords.verify({ hash: await dummy(), password: (ctx.body as { password: string }).password });
        limiter.failed(target.key, address);
        throw invalidCredentials(ctx.path);
      }),
      after: createAuthMiddleware(async (ctx): Promise<unknown> => {
        if (SIGN_IN_PATHS.has(ctx.path)) {
          const returned = ctx.context.returned;
          const failed = isAPIError(returned) && returned.statusCode === 401;
          if (!failed && isAPIError(returned)) return;
          const target = await signInTarget(db, ctx.path, ctx.body);
          if (!target) return;
          if (failed) limiter.failed(target.key, addressOf(ctx.headers));
          else limiter.succeeded(target.key, addressOf(ctx.headers));
          return;
        }
        // A sign-up let in only as the first account lost the race to another one: the database
        // refused it (migrations/0006), and it is refused as any later sign-up without a code is.
        if (ctx.path !== "/sign-up/email" || !isAPIError(ctx.context.returned)) return;
        if (!onlyAsFirstAccount(config.signup, (ctx.body as { signupCode?: unknown } | undefined)?.signupCode)) return;
        if ((await countUsers()) === 0) return;
        // An after hook can replace the answer but not its status, so it answers in full.
        return Response.json({ message: signupRefusal(config.signup) }, { status: 403 });
      }),
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user, ctx) => {
            const emailCanonical = canonicalEmail(user.email);
            const taken = await db.query.users.findFirst({
              columns: { id: true },
              where: (u, { eq }) => eq(u.emailCanonical, emailCanonical),
            });
            if (taken) {
              throw new APIError("UNPROCESSABLE_ENTITY", { message: "User already exists. Use another email." });
            }
            // The very first account of an instance becomes its admin: the database decides it, once
            // (migrations/0006). isAdmin asks for "the first account or nothing" when the gate let
            // this sign-up in only because the instance had no account yet.
            const signupCode = (ctx?.body as { signupCode?: unknown } | undefined)?.signupCode;
            return { data: { ...user, emailCanonical, isAdmin: onlyAsFirstAccount(config.signup, signupCode) } };
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
  if (onlyAsFirstAccount(signup, offeredCode)) refuseSignup(signup);
}

/** True when the policy would refuse this sign-up were it not the instance's first account. */
function onlyAsFirstAccount(signup: AuthConfig["signup"], offeredCode: unknown): boolean {
  if (signup.policy === "open") return false;
  if (signup.policy === "closed") return true;
  return !signup.code || typeof offeredCode !== "string" || !sameSecret(offeredCode, signup.code);
}

function signupRefusal(signup: AuthConfig["signup"]): string {
  return signup.policy === "closed" ? "Sign-up is closed on this instance." : "A valid sign-up code is required to create an account here.";
}

function refuseSignup(signup: AuthConfig["signup"]): never {
  throw new APIError("FORBIDDEN", { message: signupRefusal(signup) });
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The demo's name (README, "Demo"): nobody signs up as it or renames themselves to it. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set(["demo"]);

function assertNotReserved(value: unknown): void {
  if (typeof value === "string" && RESERVED_USERNAMES.has(value.trim().toLowerCase()))
    throw new APIError("BAD_REQUEST", { message: `The username "${value.trim()}" is reserved for the demo: choose another` });
}
