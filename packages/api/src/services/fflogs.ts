// FFLogs access: whether this instance can fetch from FFLogs, and where its credentials come from.
// Environment variables win when set; otherwise an instance admin enters an API client in the app
// (the fflogs router), stored in fflogs_credentials with the secret write-only (migrations/0011).
import { type Database, fflogsCredentials, type TenantDb } from "@progboard/db";
import type { FflogsSource } from "@progboard/domain";
import { sql } from "drizzle-orm";

export interface FflogsCredentials {
  clientId: string;
  clientSecret: string;
}

/** What the API needs of FFLogs; the server builds it over the ingest package's client. */
export interface FflogsAccess {
  /** FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET are set: they win over credentials set in the app. */
  readonly fromEnv: boolean;
  /**
   * Asks FFLogs for an access token with `credentials` (default: the ones in use). Resolves when
   * FFLogs issues one; rejects with an Error whose message says what went wrong, in words.
   */
  check(credentials?: FflogsCredentials): Promise<void>;
}

/** Whether credentials were set in the app (readable by the request and tenant roles: never the secret). */
export async function hasStoredCredentials(db: Database | TenantDb): Promise<boolean> {
  const rows = await db.select({ present: sql<number>`1` }).from(fflogsCredentials).limit(1);
  return rows.length > 0;
}

export async function fflogsSource(db: Database | TenantDb, access: FflogsAccess): Promise<FflogsSource> {
  if (access.fromEnv) return "env";
  return (await hasStoredCredentials(db)) ? "app" : null;
}

/** Why a report cannot be fetched from FFLogs here, and who can change that. */
export const FFLOGS_NOT_SET_UP =
  "FFLogs access is not set up on this server, so progboard cannot fetch reports from FFLogs yet. An instance admin can enter an FFLogs API client on the Admin page (or set FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET). Until then, import the report from a file.";
