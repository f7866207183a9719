// The application wall: withTenant is the only way to reach static-scoped tables. It runs a
// callback in a short transaction bound to (user, static) by one parameter-free statement sent
// before anything else; app.bind_tenant checks the membership, and the transaction-local switch
// to progboard_tenant is what grants access to the scoped tables at all (migrations/0002).
import { LIMITS } from "@progboard/domain";
import type { Database } from "./client";
import { sqlState } from "./errors";

declare const bound: unique symbol;
/**
 * A drizzle handle on a transaction bound to one static. Row-level security limits every row it
 * reads or writes to that static. Valid only inside the withTenant callback that received it.
 */
export type TenantDb = Omit<Database, "transaction"> & { readonly [bound]: true };

export interface Tenant {
  userId: number;
  staticId: number;
}

/** The caller is not (or no longer) a member of the static: answer as if it did not exist. */
export class TenantBindError extends Error {
  constructor() {
    super("Not a member of this static");
    this.name = "TenantBindError";
  }
}

/** Runs `fn` in a transaction that first executes `bindStatement`. One per driver, set by createDb. */
export type BoundRunner = <T>(bindStatement: string, fn: (tx: Database) => Promise<T>, options?: RunOptions) => Promise<T>;

export interface RunOptions {
  /**
   * A READ ONLY transaction (PostgreSQL refuses any write in it); the caller gets its answer
   * without waiting for COMMIT.
   */
  readOnly?: boolean;
}

const runners = new WeakMap<object, BoundRunner>();

/** Called by createDb for each handle it opens. */
export function registerBoundRunner(db: Database, runner: BoundRunner): void {
  runners.set(db, runner);
}

/** Runs `fn` in a transaction of `db` that first executes the parameter-free `statement`. */
export function runBound<T>(db: Database, statement: string, fn: (tx: Database) => Promise<T>, options?: RunOptions): Promise<T> {
  const run = runners.get(db);
  if (!run) throw new Error("this database handle was not opened by createDb");
  return run(statement, fn, options);
}

function assertId(name: string, value: unknown): asserts value is number {
  // The ids are inlined into SQL text, so nothing but a positive int4 may pass.
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > LIMITS.id.max) {
    throw new TypeError(`withTenant: ${name} must be a positive 32-bit integer`);
  }
}

/** The bind statement: parameter-free so it can be pipelined ahead of the callback's queries. */
export function bindStatement({ userId, staticId }: Tenant): string {
  assertId("userId", userId);
  assertId("staticId", staticId);
  return `select app.bind_tenant(${userId}, ${staticId}), set_config('role', 'progboard_tenant', true)`;
}

/** SQLSTATE raised by app.bind_tenant for a non-member (see migrations/0002_tenancy.sql). */
const NOT_A_MEMBER = "PB001";

/**
 * Runs `fn` inside a transaction bound to `tenant`. Throws TenantBindError when the user is not a
 * member of the static. Never hold the transaction across external I/O (FFLogs calls).
 */
export async function withTenant<T>(db: Database, tenant: Tenant, fn: (tx: TenantDb) => Promise<T>, options?: RunOptions): Promise<T> {
  const statement = bindStatement(tenant);
  try {
    return await runBound(db, statement, (tx) => fn(tx as unknown as TenantDb), options);
  } catch (error) {
    if (sqlState(error) === NOT_A_MEMBER) throw new TenantBindError();
    throw error;
  }
}

