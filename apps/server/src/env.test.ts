import { describe, expect, it } from "vitest";
import { EnvError, invocationDir, parseEnv } from "./env";

const production = { NODE_ENV: "production", BETTER_AUTH_SECRET: "s".repeat(40), BETTER_AUTH_URL: "https://raid.example.org" };

describe("parseEnv", () => {
  it("defaults: port 3000, embedded database at the repository root, open sign-up without auto-join outside production", () => {
    const env = parseEnv({ BETTER_AUTH_SECRET: "s".repeat(40) });
    expect(env).toMatchObject({ port: 3000, databaseUrl: undefined, authMode: "session", signup: { policy: "open" }, autoJoinDefaultStatic: false });
    expect(env.dataDir).toMatch(/\/\.data$/);
    expect(env.trustedOrigins).toEqual(["http://localhost:3000"]);
  });

  it("production defaults to sign-up by code with auto-join", () => {
    expect(parseEnv(production)).toMatchObject({ production: true, signup: { policy: "code" }, autoJoinDefaultStatic: true });
  });

  it("refuses dev identity in production", () => {
    expect(() => parseEnv({ ...production, AUTH_MODE: "dev" })).toThrow(/AUTH_MODE: dev identity is refused when NODE_ENV=production/);
  });

  it("lists every problem in words", () => {
    const attempt = () => parseEnv({ NODE_ENV: "production", PORT: "eighty", SIGNUP: "sometimes", DATABASE_URL: "mysql://x" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/PORT: must be a port number/);
    expect(attempt).toThrow(/SIGNUP: must be open, code or closed/);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it("reads the hardened setup's owner URL, which needs DATABASE_URL beside it", () => {
    const owner = "postgres://owner@db:5432/progboard";
    const app = "postgres://progboard_app@db:5432/progboard";
    expect(parseEnv({ ...production, DATABASE_URL: app, MIGRATION_DATABASE_URL: owner })).toMatchObject({
      databaseUrl: app,
      migrationDatabaseUrl: owner,
    });
    expect(() => parseEnv({ ...production, MIGRATION_DATABASE_URL: owner })).toThrow(/MIGRATION_DATABASE_URL: needs DATABASE_URL/);
    expect(() => parseEnv({ ...production, DATABASE_URL: app, MIGRATION_DATABASE_URL: "owner" })).toThrow(
      /MIGRATION_DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it("needs a code when sign-up is by code, and a usable origin list", () => {
    expect(() => parseEnv({ ...production, SIGNUP: "code" })).toThrow(/SIGNUP_CODE: is required when SIGNUP=code/);
    expect(() => parseEnv({ ...production, TRUSTED_ORIGINS: "not a url" })).toThrow(/TRUSTED_ORIGINS/);
  });

  it("reads the database deadlines in seconds, with defaults, and refuses nonsense in words", () => {
    expect(parseEnv(production).dbTimeouts).toEqual({
      statementMs: 30_000,
      idleInTransactionMs: 60_000,
      connectMs: 10_000,
      idleMs: 60_000,
      maxLifetimeMs: 900_000,
    });
    expect(parseEnv({ ...production, DB_STATEMENT_TIMEOUT: "5", DB_IDLE_TIMEOUT: "20" }).dbTimeouts).toMatchObject({
      statementMs: 5000,
      idleMs: 20_000,
    });
    const attempt = () => parseEnv({ ...production, DB_STATEMENT_TIMEOUT: "0", DB_CONNECT_TIMEOUT: "soon", DB_MAX_LIFETIME: "1.5" });
    expect(attempt).toThrow(/DB_STATEMENT_TIMEOUT: must be at least 1 second/);
    expect(attempt).toThrow(/DB_CONNECT_TIMEOUT: must be a number of seconds/);
    expect(attempt).toThrow(/DB_MAX_LIFETIME: must be a whole number of seconds/);
  });

  it("reads AUTO_JOIN_DEFAULT_STATIC as a flag", () => {
    expect(parseEnv({ ...production, AUTO_JOIN_DEFAULT_STATIC: "false" }).autoJoinDefaultStatic).toBe(false);
    expect(() => parseEnv({ ...production, AUTO_JOIN_DEFAULT_STATIC: "maybe" })).toThrow(/use true or false/);
  });

  it("reads the FFLogs credentials as a pair, and the poll interval in seconds", () => {
    expect(parseEnv(production)).toMatchObject({ fflogs: null, pollIntervalMs: 120_000, ingestWorker: true });
    expect(parseEnv({ ...production, FFLOGS_CLIENT_ID: "id", FFLOGS_CLIENT_SECRET: "secret", POLL_INTERVAL: "60" })).toMatchObject({
      fflogs: { clientId: "id", clientSecret: "secret", apiUrl: "https://www.fflogs.com/api/v2/client", tokenUrl: undefined },
      pollIntervalMs: 60_000,
    });
    expect(() => parseEnv({ ...production, FFLOGS_CLIENT_ID: "id" })).toThrow(
      /FFLOGS_CLIENT_SECRET: FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET go together/,
    );
    expect(() => parseEnv({ ...production, POLL_INTERVAL: "1" })).toThrow(/POLL_INTERVAL: must be at least 10 seconds/);
  });
});

describe("invocationDir", () => {
  it("is where pnpm was invoked (INIT_CWD), else the process's own folder", () => {
    expect(invocationDir({ INIT_CWD: "/home/raider/logs" })).toBe("/home/raider/logs");
    expect(invocationDir({})).toBe(process.cwd());
  });
});
