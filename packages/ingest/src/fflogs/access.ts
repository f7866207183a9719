// The instance's FFLogs access: credentials from the environment (they win when set) or set by an
// instance admin in the app (fflogs_credentials, read through app.fflogs_credentials() as the
// ingestion role: the request role cannot read the secret). Asked before every use, so
// credentials set while the server runs are used at once, without a restart.
import { createHash } from "node:crypto";
import { queryRows } from "@progboard/db";
import { sql } from "drizzle-orm";
import type { IngestionDb } from "../types";
import { createFflogsClient, type FflogsClient, type FflogsClientOptions } from "./client";

export interface FflogsCredentials {
  clientId: string;
  clientSecret: string;
}

export interface FflogsAccessOptions {
  db: IngestionDb;
  /** FFLOGS_CLIENT_ID / FFLOGS_CLIENT_SECRET, when set. */
  env: FflogsCredentials | null;
  apiUrl?: string | undefined;
  tokenUrl?: string | undefined;
  /** Anything else the clients get (tests inject sleep and the clock). */
  client?: Omit<FflogsClientOptions, "clientId" | "clientSecret" | "apiUrl" | "tokenUrl" | "credentialsHint">;
}

export interface FflogsAccess {
  readonly fromEnv: boolean;
  /** The client of the credentials in use (the same one while they do not change), or null when none are set. */
  client(): Promise<FflogsClient | null>;
  /** Fetches a token with `credentials`, or with the ones in use; rejects with an Error in words. */
  check(credentials?: FflogsCredentials): Promise<void>;
}

const APP_HINT = "check the client id and secret on the Admin page";

export function createFflogsAccess(options: FflogsAccessOptions): FflogsAccess {
  const make = (credentials: FflogsCredentials, hint?: string, overrides: Partial<FflogsClientOptions> = {}) =>
    createFflogsClient({
      ...options.client,
      ...overrides,
      ...credentials,
      ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
      ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
      ...(hint ? { credentialsHint: hint } : {}),
    });
  const envClient = options.env ? make(options.env) : null;
  // The stored credentials' client, kept while they stay the same (its token is reused).
  let cached: { key: string; client: FflogsClient } | null = null;

  async function stored(): Promise<FflogsCredentials | null> {
    const [row] = await options.db.withIngestion((tx) =>
      queryRows<{ client_id: string; client_secret: string }>(tx, sql`select client_id, client_secret from app.fflogs_credentials()`),
    );
    return row ? { clientId: row.client_id, clientSecret: row.client_secret } : null;
  }

  async function client(): Promise<FflogsClient | null> {
    if (envClient) return envClient;
    const credentials = await stored();
    if (!credentials) {
      cached = null;
      return null;
    }
    const key = createHash("sha256").update(`${credentials.clientId}\0${credentials.clientSecret}`).digest("hex");
    if (cached?.key !== key) cached = { key, client: make(credentials, APP_HINT) };
    return cached.client;
  }

  return {
    fromEnv: envClient !== null,
    client,
    async check(credentials) {
      // A check answers a person waiting on the Admin page: one attempt of at most ten seconds, with
      // a client of its own (the worker's keeps its token and its patience).
      const quick = { maxRetries: 0, maxRateLimitWaits: 0, timeoutMs: 10_000 };
      const current = credentials ?? options.env ?? (await stored());
      if (!current) throw new Error("No FFLogs API client is set");
      await make(current, current === options.env ? undefined : APP_HINT, quick)
        .checkCredentials()
        .catch((error: unknown) => {
          // Nothing is retried here: say what happened, not that it will be tried again.
          throw error instanceof Error ? new Error(error.message.replace(/; will retry later$/, "")) : error;
        });
    },
  };
}
