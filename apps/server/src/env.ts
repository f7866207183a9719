// The only file that reads process.env: configuration is parsed and checked here, once, at start.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const flag = z
  .enum(["1", "0", "true", "false", "on", "off", "yes", "no"], { message: "use true or false" })
  .transform((v) => ["1", "true", "on", "yes"].includes(v));

const seconds = (min: number, max: number) =>
  z.coerce
    .number({ message: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(min, `must be at least ${min} second${min === 1 ? "" : "s"}`)
    .max(max, `must be at most ${max} seconds`);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce
      .number({ message: "must be a port number" })
      .int("must be a port number")
      .min(0)
      .max(65_535, "must be a port number")
      .default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional(),
    MIGRATION_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional(),
    DATA_DIR: z.string().min(1).optional(),
    AUTH_MODE: z.enum(["dev"], { message: "must be 'dev' or unset" }).optional(),
    BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    BETTER_AUTH_URL: z.url({ message: "must be the public base URL, e.g. https://progboard.example.org" }).optional(),
    TRUSTED_ORIGINS: z.string().optional(),
    SIGNUP: z.enum(["open", "code", "closed"], { message: "must be open, code or closed" }).optional(),
    SIGNUP_CODE: z.string().min(8, "must be at least 8 characters").optional(),
    AUTO_JOIN_DEFAULT_STATIC: flag.optional(),
    TRUST_PROXY: flag.default(false),
    FFLOGS_CLIENT_ID: z.string().min(1).optional(),
    FFLOGS_CLIENT_SECRET: z.string().min(1).optional(),
    FFLOGS_API_URL: z.url({ message: "must be a URL" }).default("https://www.fflogs.com/api/v2/client"),
    FFLOGS_TOKEN_URL: z.url({ message: "must be a URL" }).optional(),
    POLL_INTERVAL: z.coerce
      .number({ message: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(10, "must be at least 10 seconds")
      .max(86_400)
      .default(120),
    INGEST_WORKER: flag.default(true),
    // The demo static, seeded at first start (README, "Demo").
    DEMO: flag.default(true),
    // PostgreSQL deadlines, in seconds (README, "Operations").
    DB_STATEMENT_TIMEOUT: seconds(1, 3600).default(30),
    DB_IDLE_IN_TRANSACTION_TIMEOUT: seconds(1, 3600).default(60),
    DB_CONNECT_TIMEOUT: seconds(1, 300).default(10),
    DB_IDLE_TIMEOUT: seconds(1, 86_400).default(60),
    DB_MAX_LIFETIME: seconds(10, 86_400).default(900),
    ANALYSIS_CACHE_MB: z.coerce
      .number({ message: "must be a number of megabytes" })
      .int("must be a whole number of megabytes")
      .min(1, "must be at least 1 MB")
      .max(65_536)
      .default(256),
    // Discord (README, "Discord"): a live report's session ends after this long without a new pull.
    DISCORD_SESSION_IDLE_MINUTES: z.coerce
      .number({ message: "must be a number of minutes" })
      .int("must be a whole number of minutes")
      .min(1, "must be at least 1 minute")
      .max(1440, "must be at most 1440 minutes (a day)")
      .default(30),
    DISCORD_API_URL: z.url({ message: "must be a URL" }).default("https://discord.com"),
    API_KEY_RATE_LIMIT: z.coerce
      .number({ message: "must be a number of requests per minute" })
      .int("must be a whole number of requests per minute")
      .min(1, "must be at least 1 request per minute")
      .max(1_000_000)
      .default(600),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === "production";
    if (production && env.AUTH_MODE === "dev") {
      ctx.addIssue({ code: "custom", path: ["AUTH_MODE"], message: "dev identity is refused when NODE_ENV=production" });
    }
    if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["MIGRATION_DATABASE_URL"], message: "needs DATABASE_URL (the request role's login) too" });
    }
    if (production && !env.BETTER_AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["BETTER_AUTH_SECRET"], message: "is required when NODE_ENV=production" });
    }
    if (production && !env.BETTER_AUTH_URL) {
      ctx.addIssue({ code: "custom", path: ["BETTER_AUTH_URL"], message: "is required when NODE_ENV=production" });
    }
    for (const origin of (env.TRUSTED_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean)) {
      if (!URL.canParse(origin)) ctx.addIssue({ code: "custom", path: ["TRUSTED_ORIGINS"], message: `'${origin}' is not a URL` });
    }
    if (Boolean(env.FFLOGS_CLIENT_ID) !== Boolean(env.FFLOGS_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.FFLOGS_CLIENT_ID ? "FFLOGS_CLIENT_SECRET" : "FFLOGS_CLIENT_ID"],
        message: "FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET go together",
      });
    }
    if (env.SIGNUP === "code" && !env.SIGNUP_CODE) {
      ctx.addIssue({ code: "custom", path: ["SIGNUP_CODE"], message: "is required when SIGNUP=code" });
    }
  });

export interface Env {
  nodeEnv: "development" | "production" | "test";
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The owner's URL to migrate as (the hardened setup); unset, migrations run as DATABASE_URL's user. */
  migrationDatabaseUrl: string | undefined;
  dataDir: string;
  authMode: "dev" | "session";
  authSecret: string;
  baseURL: string;
  trustedOrigins: string[];
  signup: { policy: "open" | "code" | "closed"; code: string | undefined };
  autoJoinDefaultStatic: boolean;
  trustProxy: boolean;
  fflogs: { clientId: string; clientSecret: string; apiUrl: string; tokenUrl: string | undefined } | null;
  /** Where FFLogs is, whoever's credentials are used (the environment's or the app's). */
  fflogsApiUrl: string;
  fflogsTokenUrl: string | undefined;
  pollIntervalMs: number;
  ingestWorker: boolean;
  /** Seed the demo static at start (once) and let anyone read it. */
  demo: boolean;
  /** What the analysis caches may hold, in bytes (estimated). */
  analysisCacheBytes: number;
  /** Requests one API key may make per minute. */
  apiKeyRateLimit: { max: number; windowMs: number };
  /** Posting recaps to Discord: when a live report's session ends, and where Discord's API is. */
  discord: { idleMinutes: number; apiUrl: string };
  /** PostgreSQL deadlines (createDb's `timeouts`), in milliseconds. */
  dbTimeouts: { statementMs: number; idleInTransactionMs: number; connectMs: number; idleMs: number; maxLifetimeMs: number };
}

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses configuration; throws an EnvError listing every problem in words. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "config"}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  const production = env.NODE_ENV === "production";
  // Relative paths are taken from where `pnpm` was run (INIT_CWD), like a user would expect.
  const base = source.INIT_CWD ?? process.cwd();
  const dataDir = env.DATA_DIR ? path.resolve(base, env.DATA_DIR) : path.join(REPO_ROOT, ".data");
  const baseURL = (env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const policy = env.SIGNUP ?? (production ? "code" : "open");
  const extraOrigins = (env.TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    nodeEnv: env.NODE_ENV,
    production,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    migrationDatabaseUrl: env.MIGRATION_DATABASE_URL,
    dataDir,
    authMode: env.AUTH_MODE === "dev" ? "dev" : "session",
    authSecret: env.BETTER_AUTH_SECRET ?? localSecret(dataDir),
    baseURL,
    trustedOrigins: [...new Set([new URL(baseURL).origin, ...extraOrigins.map((o) => new URL(o).origin)])],
    signup: { policy, code: env.SIGNUP_CODE },
    autoJoinDefaultStatic: env.AUTO_JOIN_DEFAULT_STATIC ?? policy !== "open",
    trustProxy: env.TRUST_PROXY,
    fflogs:
      env.FFLOGS_CLIENT_ID && env.FFLOGS_CLIENT_SECRET
        ? { clientId: env.FFLOGS_CLIENT_ID, clientSecret: env.FFLOGS_CLIENT_SECRET, apiUrl: env.FFLOGS_API_URL, tokenUrl: env.FFLOGS_TOKEN_URL }
        : null,
    fflogsApiUrl: env.FFLOGS_API_URL,
    fflogsTokenUrl: env.FFLOGS_TOKEN_URL,
    pollIntervalMs: env.POLL_INTERVAL * 1000,
    ingestWorker: env.INGEST_WORKER,
    demo: env.DEMO,
    analysisCacheBytes: env.ANALYSIS_CACHE_MB * 1024 * 1024,
    apiKeyRateLimit: { max: env.API_KEY_RATE_LIMIT, windowMs: 60_000 },
    discord: { idleMinutes: env.DISCORD_SESSION_IDLE_MINUTES, apiUrl: env.DISCORD_API_URL },
    dbTimeouts: {
      statementMs: env.DB_STATEMENT_TIMEOUT * 1000,
      idleInTransactionMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT * 1000,
      connectMs: env.DB_CONNECT_TIMEOUT * 1000,
      idleMs: env.DB_IDLE_TIMEOUT * 1000,
      maxLifetimeMs: env.DB_MAX_LIFETIME * 1000,
    },
  };
}

/**
 * Outside production a missing BETTER_AUTH_SECRET is generated once and kept (mode 0600) in the
 * data folder, so sessions survive restarts without anyone having to invent a secret.
 */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/**
 * The folder the user ran the command from: pnpm runs a package's scripts in the package's own
 * folder and says where it was invoked in INIT_CWD, so relative paths on a command line are
 * taken from there.
 */
export function invocationDir(source: Record<string, string | undefined> = process.env): string {
  return source.INIT_CWD || process.cwd();
}
