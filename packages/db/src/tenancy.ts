// The application wall: a DbHandle's withTenant is the only way to reach static-scoped tables. It
// runs a callback in a short transaction bound to (user, static) by one statement (constant text,
// prepared once per connection) sent before anything else; app.bind_tenant resolves the caller's credential to its user (a live
// session, a live API key: migrations/0019) and checks the membership, and the transaction-local
// switch to progboard_tenant is what grants access to the scoped tables at all (migrations/0002).
// The request role never names a user: it holds a credential it cannot forge (it cannot read
// sessions.token nor api_keys.key_hash), or nothing.

import { LIMITS } from "@progboard/domain";
import { type Prelude, prelude, type RunOptions, type TransactionDb, type TransactionRunner } from "./database";
import { sqlState } from "./errors";

declare const bound: unique symbol;
/**
 * A drizzle handle on a transaction bound to one static. Row-level security limits every row it
 * reads or writes to that static. Valid only inside the withTenant callback that received it.
 */
export type TenantDb = TransactionDb & { readonly [bound]: true };

/**
 * Who a request acts as, in a form only the database can resolve: `session:<token>` (a Better Auth
 * session) or `key:<sha256 of an API key>`. Built by sessionCredential / apiKeyCredential.
 */
export type Credential = string & { readonly credential: unique symbol };

const CREDENTIAL = /^(session:[A-Za-z0-9_-]{16,256}|key:[0-9a-f]{64})$/;

/** The credential of a Better Auth session, by its token (sessions.token). */
export function sessionCredential(token: string): Credential {
  return assertCredential(`session:${token}`);
}

/** The credential of an API key, by its SHA-256 (hex, as api_keys.key_hash stores it). */
export function apiKeyCredential(keyHash: string): Credential {
  return assertCredential(`key:${keyHash}`);
}

/** A credential's text, checked: nothing outside its alphabet (and its length) reaches the database. */
export function assertCredential(value: unknown): Credential {
  if (typeof value !== "string" || !CREDENTIAL.test(value)) throw new TypeError("not a session or API key credential");
  return value as Credential;
}

export interface Tenant {
  /** Whose binding: resolved to the user by app.bind_tenant, refused when dead or unknown. */
  credential: Credential;
  staticId: number;
}

/** The credential is unknown, expired, signed out or revoked (SQLSTATE PB040, migrations/0019). */
export class CredentialRefusedError extends Error {
  constructor() {
    super("Sign in first");
    this.name = "CredentialRefusedError";
  }
}

/** SQLSTATE of a refused credential. */
export const CREDENTIAL_REFUSED = "PB040";

/** The caller is not (or no longer) a member of the static: answer as if it did not exist. */
export class TenantBindError extends Error {
  constructor() {
    super("Not a member of this static");
    this.name = "TenantBindError";
  }
}

function assertId(name: string, value: unknown): asserts value is number {
  // Nothing but a positive int4 is a valid id: refused here rather than by the database.
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > LIMITS.id.max) {
    throw new TypeError(`withTenant: ${name} must be a positive 32-bit integer`);
  }
}

/** The bind statement: constant text, so each connection prepares it once; pipelined ahead of the callback's queries. */
export function bindStatement({ credential, staticId }: Tenant): Prelude {
  assertCredential(credential);
  assertId("staticId", staticId);
  return { text: "select app.bind_tenant($1::text, $2::integer), set_config('role', 'progboard_tenant', true)", params: [credential, staticId] };
}

/** SQLSTATE raised by app.bind_tenant for a non-member (see migrations/0002_tenancy.sql). */
const NOT_A_MEMBER = "PB001";

export type WithTenant = <T>(tenant: Tenant, fn: (tx: TenantDb) => Promise<T>, options?: RunOptions) => Promise<T>;

/** withTenant over an adapter's runner. Throws TenantBindError when the user is not a member. */
export function tenantRunner(run: TransactionRunner): WithTenant {
  return async (tenant, fn, options) => {
    const statement = bindStatement(tenant);
    try {
      return await run(statement, (tx) => fn(tx.db as unknown as TenantDb), options);
    } catch (error) {
      if (sqlState(error) === NOT_A_MEMBER) throw new TenantBindError();
      if (sqlState(error) === CREDENTIAL_REFUSED) throw new CredentialRefusedError();
      throw error;
    }
  };
}

/** A background job's binding: a user named by the server itself, not by a request. */
export interface WorkerTenant {
  userId: number;
  staticId: number;
}

/**
 * The background worker's bind (the follows poller, the progboard command): app.bind_tenant by
 * user id, which only progboard_ingest may execute, on the worker's own connections (the request
 * role cannot reach that role: migrations/0006, 0019).
 */
export function workerBindStatement({ userId, staticId }: WorkerTenant): Prelude {
  assertId("userId", userId);
  assertId("staticId", staticId);
  return { text: "select app.bind_tenant($1::integer, $2::integer), set_config('role', 'progboard_tenant', true)", params: [userId, staticId] };
}

export type WithWorkerTenant = <T>(tenant: WorkerTenant, fn: (tx: TenantDb) => Promise<T>, options?: RunOptions) => Promise<T>;

/** withWorkerTenant over the worker's runner (the ingestion connections). Throws TenantBindError. */
export function workerTenantRunner(run: TransactionRunner): WithWorkerTenant {
  return async (tenant, fn, options) => {
    const statement = workerBindStatement(tenant);
    try {
      return await run(statement, (tx) => fn(tx.db as unknown as TenantDb), options);
    } catch (error) {
      if (sqlState(error) === NOT_A_MEMBER) throw new TenantBindError();
      throw error;
    }
  };
}

declare const grantBound: unique symbol;
/**
 * A drizzle handle on a read-only transaction bound through a grant: the granter's static, as the
 * grantee role (SELECT only, private columns withheld), rows limited by RLS to the granter and to
 * the grant's scope. Valid only inside the withGrant callback that received it.
 */
export type GrantDb = TransactionDb & { readonly [grantBound]: true };
/** A transaction that reads one static's rows: its own members' (TenantDb) or a grantee's (GrantDb). */
export type ScopedReadDb = TenantDb | GrantDb;

export interface GrantReader {
  /** The reading user's credential: a member of the grantee static. */
  credential: Credential;
  granteeStaticId: number;
  grantId: number;
}

/** The grant is unknown, revoked, addressed to another static, or the reader is not in the grantee. */
export class GrantBindError extends Error {
  constructor() {
    super("No such grant");
    this.name = "GrantBindError";
  }
}

/** The grantee-mode bind statement (migrations/0010_sharing.sql), constant text like the tenant one. */
export function grantBindStatement({ credential, granteeStaticId, grantId }: GrantReader): Prelude {
  assertCredential(credential);
  assertId("granteeStaticId", granteeStaticId);
  assertId("grantId", grantId);
  return {
    text: "select app.bind_grant($1::text, $2::integer, $3::integer), set_config('role', 'progboard_grantee', true)",
    params: [credential, granteeStaticId, grantId],
  };
}

export type WithGrant = <T>(reader: GrantReader, fn: (tx: GrantDb) => Promise<T>) => Promise<T>;

/**
 * withGrant over an adapter's runner: always a READ ONLY transaction (a third refusal of writes,
 * after the role's privileges and the restrictive policies). The grant is checked by the bind, in
 * the transaction, on every call: nothing about it is cached. Throws GrantBindError.
 */
export function grantRunner(run: TransactionRunner): WithGrant {
  return async (reader, fn) => {
    const statement = grantBindStatement(reader);
    try {
      return await run(statement, (tx) => fn(tx.db as unknown as GrantDb), { readOnly: true });
    } catch (error) {
      if (sqlState(error) === NOT_A_MEMBER) throw new GrantBindError();
      if (sqlState(error) === CREDENTIAL_REFUSED) throw new CredentialRefusedError();
      throw error;
    }
  };
}

declare const demoBound: unique symbol;
/**
 * A drizzle handle on a READ ONLY transaction bound to the demo static (migrations/0012) as
 * progboard_demo, which can only SELECT; the no-write policies of 0010 refuse writes in it too.
 */
export type DemoDb = TransactionDb & { readonly [demoBound]: true };

/** There is no seeded demo static (yet). */
export class DemoBindError extends Error {
  constructor() {
    super("The demo is not ready");
    this.name = "DemoBindError";
  }
}

/** The demo reader's bind statement: no parameters at all. */
export const DEMO_BIND_STATEMENT = prelude("select app.bind_demo(), set_config('role', 'progboard_demo', true)");

export type WithDemo = <T>(fn: (tx: DemoDb) => Promise<T>) => Promise<T>;

/** withDemo over an adapter's runner: always READ ONLY, as progboard_demo. Throws DemoBindError. */
export function demoRunner(run: TransactionRunner): WithDemo {
  return async (fn) => {
    try {
      return await run(DEMO_BIND_STATEMENT, (tx) => fn(tx.db as unknown as DemoDb), { readOnly: true });
    } catch (error) {
      if (sqlState(error) === "PB031") throw new DemoBindError();
      throw error;
    }
  };
}

/**
 * Seeding the demo static (apps/server/src/demo.ts): a transaction bound to it for writing, as the
 * tenant role, possible only while it is not yet marked seeded, and only on the worker's
 * connections (progboard_ingest runs app.bind_demo_seed; the request role cannot: 0019).
 */
export type WithDemoSeed = <T>(fn: (tx: TenantDb) => Promise<T>) => Promise<T>;

export function demoSeedRunner(run: TransactionRunner): WithDemoSeed {
  return (fn) => run(prelude("select app.bind_demo_seed(), set_config('role', 'progboard_tenant', true)"), (tx) => fn(tx.db as unknown as TenantDb));
}
