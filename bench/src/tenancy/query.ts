// The scoped list read both variants run: one page of a static's roster, every column.
import { type Database, rosterMembers } from "@progboard/db";
import { asc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

/** The first page of the roster ordered by name, as a list view would ask for it. */
export const PAGE_SIZE = 100;
export const QUERY_DESCRIPTION = `the first ${PAGE_SIZE} roster members of one static ordered by (name, id), every column`;

export function rosterPage(db: Pick<Database, "select">, staticId: number) {
  return db
    .select()
    .from(rosterMembers)
    .where(eq(rosterMembers.staticId, staticId))
    .orderBy(asc(rosterMembers.name), asc(rosterMembers.id))
    .limit(PAGE_SIZE);
}

/**
 * For the cost breakdown only: the same page with no `WHERE static_id`, so row-level security
 * alone confines it (meaningful only inside withTenant).
 */
export function rosterPageRlsOnly(db: Pick<Database, "select">) {
  return db.select().from(rosterMembers).orderBy(asc(rosterMembers.name), asc(rosterMembers.id)).limit(PAGE_SIZE);
}

export interface PlainConnection {
  sql: postgres.Sql;
  /** drizzle on `sql`, every statement named (prepared) like the app's pool. */
  db: Database;
  close(): Promise<void>;
}

/**
 * The baseline: postgres.js as the database owner (a superuser, so row-level security is
 * bypassed), no transaction, no role switch. Statements are forced to be named and prepared, as
 * createDb's pool does, so both variants pay the same protocol costs.
 */
export function openPlain(url: string, max: number): PlainConnection {
  const sql = postgres(url, { max, onnotice: () => {} });
  const prepared = new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    sql,
    db: drizzle(prepared) as unknown as Database,
    close: () => sql.end({ timeout: 5 }),
  };
}
