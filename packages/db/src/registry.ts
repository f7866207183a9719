// Every table, classified once. The schema test fails when the live database has a table this
// registry does not name, and checks each class's rules (static-scoped: static_id NOT NULL with
// its FK, a key leading with static_id, RLS enabled and forced, the tenant policy).
import { getTableName, type Table } from "drizzle-orm";
import * as schema from "./schema";

export type TableClass =
  /** Owned by the auth layer; no static_id. */
  | "identity"
  /** statics, memberships and grants: read and written only by the membership and sharing services. */
  | "tenancy"
  /** Everything a static owns: reachable only through withTenant, limited by RLS. */
  | "static-scoped"
  /** Static-agnostic FFLogs facts and imported files: a bound static reads the reports it may (RLS, 0020), written only by ingestion. */
  | "shared-raw"
  /** A static's rows it may publish: its own to read and write, promoted ones readable by all (RLS). */
  | "published"
  /** A shared raw table's storage partition (0020): no RLS of its own, so ingestion can COPY into it; only ingestion touches it, readers go through its parent. */
  | "raw-storage"
  /** Instance-wide, no static: written only by instance admins (the admin definer functions; the FFLogs credentials through the API, their secret write-only). */
  | "instance";

const byClass = {
  identity: [schema.users, schema.sessions, schema.accounts, schema.verifications, schema.apiKeys],
  tenancy: [schema.statics, schema.staticMemberships, schema.staticGrants, schema.staticGrantReads],
  "static-scoped": [
    schema.watchedReports,
    schema.rosterMembers,
    schema.characterAliases,
    schema.stratConfig,
    schema.progPoints,
    schema.faultScores,
    schema.reportFollows,
    schema.nightSnapshots,
    schema.auditLog,
    schema.discordWebhooks,
    schema.discordPosts,
  ],
  "shared-raw": [schema.reports, schema.fights, schema.actors, schema.abilities, schema.events, schema.ingestionLedger],
  published: [schema.stratTemplates],
  instance: [schema.adminLog, schema.fflogsCredentials],
} satisfies Record<Exclude<TableClass, "raw-storage">, Table[]>;

/** Storage partition → its shared raw parent (not drizzle tables: nothing queries them but ingestion's COPY). */
export const RAW_STORAGE: ReadonlyMap<string, string> = new Map([["events_rows", "events"]]);

/** Table name → class, for every table of the public schema. */
export const TABLE_REGISTRY: ReadonlyMap<string, TableClass> = new Map([
  ...Object.entries(byClass).flatMap(([cls, tables]) => tables.map((table) => [getTableName(table), cls as TableClass] as const)),
  ...[...RAW_STORAGE.keys()].map((name) => [name, "raw-storage"] as const),
]);

export function tableClassOf(name: string): TableClass | undefined {
  return TABLE_REGISTRY.get(name);
}

/** The static-scoped tables' names: the generated isolation and schema tests walk these. */
export const STATIC_SCOPED_TABLES: readonly string[] = byClass["static-scoped"].map((table) => getTableName(table));

/**
 * Every table whose rows belong to one static: the static-scoped tables and the published ones (a
 * static's templates). The grantee and demo wall tests try every write on each of them.
 */
export const STATIC_OWNED_TABLES: readonly string[] = [...STATIC_SCOPED_TABLES, ...byClass.published.map((table) => getTableName(table))];
