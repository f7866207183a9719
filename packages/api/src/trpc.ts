// The one tRPC init file: context, error formatting and the procedure tiers.
import { CredentialError, type IdentityResolver } from "@progboard/auth";
import {
  type Credential,
  type Database,
  type DbHandle,
  DemoBindError,
  GrantBindError,
  type MembershipRole,
  openGrant,
  queryRows,
  TenantBindError,
  type TenantDb,
} from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import { initTRPC, TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { ZodError, z } from "zod";
import { ApiError, staticNotFound, toTRPCError } from "./errors";
import type { AnalysisCache } from "./services/analysis/cache";
import type { FflogsAccess } from "./services/fflogs";
import { GrantOpenings } from "./services/grant-openings";
import { findMembership, findRequestUser, notAnOwner, provisionUser } from "./services/memberships";
import { grantNotFound } from "./services/sharing";

export interface ApiDeps {
  /** The database: its unbound handle (identity and tenancy tables) and tenant-bound transactions. */
  db: Pick<DbHandle, "db" | "withTenant" | "withGrant" | "withDemo">;
  identity: IdentityResolver;
  autoJoinDefaultStatic: boolean;
  /** The analysis caches of this API instance (createAnalysisCache). */
  analysisCache: AnalysisCache;
  /** FFLogs: whether the environment sets its credentials, and checking credentials with a token. */
  fflogs: FflogsAccess;
  /** The Discord poster of this instance, woken by "Post now" (none: posts wait for a poster's round). */
  discord?: { wake(): void } | null;
  /** Shared reads' grant openings, remembered briefly (services/grant-openings.ts); one per API instance when not given. */
  grantOpenings?: GrantOpenings;
}

export interface CreateContextOptions {
  headers: Headers;
  requestId: string;
  deps: ApiDeps;
}

const defaultGrantOpenings = new WeakMap<ApiDeps, GrantOpenings>();

/** The deps' grant openings: their own, or one made for them on first use. */
function grantOpeningsOf(deps: ApiDeps): GrantOpenings {
  if (deps.grantOpenings) return deps.grantOpenings;
  let made = defaultGrantOpenings.get(deps);
  if (!made) defaultGrantOpenings.set(deps, (made = new GrantOpenings()));
  return made;
}

export async function createTRPCContext({ headers, requestId, deps }: CreateContextOptions) {
  return {
    db: deps.db.db,
    /** Only staticProcedure uses it; the context it hands on leaves it out. */
    withTenant: deps.db.withTenant,
    /** Only grantProcedure uses it; the context it hands on leaves it out. */
    withGrant: deps.db.withGrant,
    /** Only staticProcedure uses it, for the demo reader. */
    withDemo: deps.db.withDemo,
    headers,
    requestId,
    autoJoinDefaultStatic: deps.autoJoinDefaultStatic,
    analysisCache: deps.analysisCache,
    fflogs: deps.fflogs,
    discord: deps.discord ?? null,
    grantOpenings: grantOpeningsOf(deps),
    identity: await deps.identity(headers).catch((error: unknown) => {
      // A refused API key (bad, revoked, expired, over its rate limit) fails every call, in words.
      if (error instanceof CredentialError) throw new TRPCError({ code: error.code, message: error.message });
      // Resolving the session reads the database: when it is away, say so (503), not 500.
      throw toTRPCError(error) ?? error;
    }),
  };
}

export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

export const INTERNAL_ERROR_MESSAGE = "Internal server error";

/** What the demo reader is told on any write. */
export const DEMO_READ_ONLY = "The demo is read-only: create an account to make changes of your own";

/** What a procedure declares about itself; the tiers read it. */
export interface Meta {
  /** Set by the owner tiers (ownerProcedure, ownerOfProcedure): the generated role tests find them by it. */
  ownerOnly?: boolean;
  /** What an owner-only call does, for the FORBIDDEN message: "Only an owner of Savage can <ownerAction>". */
  ownerAction?: string;
  /** Set by adminProcedure: only an instance admin may call it. */
  adminOnly?: boolean;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Stacks never reach clients, in any environment.
    isDev: false,
    errorFormatter({ shape, error }) {
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      const zodError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? error.cause : null;
      return {
        ...shape,
        // Internal errors say nothing about SQL, constraints or code; the cause is logged server-side.
        message: internal ? INTERNAL_ERROR_MESSAGE : zodError ? describeInvalidInput(zodError) : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          zodError: zodError ? z.flattenError(zodError) : null,
        },
      };
    },
  });

/** "Invalid input: name: A name is required" rather than a JSON dump of issues. */
export function describeInvalidInput(error: ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
  return `Invalid input: ${parts.join("; ")}`;
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Errors mapped once, for every call (errors.ts): ApiErrors and database violations. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause ?? result.error);
    if (mapped) throw mapped;
  }
  return result;
});

/**
 * PostgreSQL text cannot hold a NUL character: any string in any input carrying one is refused
 * here, for every procedure, before zod or the database see it (issue 12, item 6).
 */
export const NUL_REFUSED = "Text cannot contain NUL characters (\\u0000)";
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  if (hasNul(await getRawInput())) throw new TRPCError({ code: "BAD_REQUEST", message: NUL_REFUSED });
  return next();
});

/** True when a string (or an object key) anywhere in `value` holds a NUL; walked without recursion. */
export function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (item.includes("\0")) return true;
    } else if (Array.isArray(item)) {
      for (const element of item) stack.push(element);
    } else if (typeof item === "object" && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        if (key.includes("\0")) return true;
        stack.push(element);
      }
    }
  }
  return false;
}

export const publicProcedure = t.procedure.use(refuseNul).use(mapErrors);

export const READ_ONLY_KEY = "This API key is read-only";

/**
 * The credential a call binds and acts by (the database resolves it to the user: migrations/0019).
 * The demo reader has none: anything that would act as someone is read-only to it.
 */
export function actingAs(ctx: { credential: Credential | null }): Credential {
  if (!ctx.credential) throw new ApiError("FORBIDDEN", DEMO_READ_ONLY);
  return ctx.credential;
}

const staticIdHeader = z.coerce.number().int().positive().max(LIMITS.id.max);

/**
 * A signed-in user, provisioned on first sighting, with the request's current static resolved:
 * the tab's `x-static-id` when sent (NOT_FOUND unless a member), else the stored default when
 * still a member, else null. Membership is checked on every request, never cached.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  if (!ctx.identity) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const apiKey = ctx.identity.apiKey ?? null;
  // A read-only key is refused every mutation, before its input is even read.
  if (apiKey?.readOnly && type === "mutation") throw new TRPCError({ code: "FORBIDDEN", message: READ_ONLY_KEY });
  const rawHeader = ctx.headers.get("x-static-id");
  let requested: number | null = null;
  if (rawHeader !== null && rawHeader.trim() !== "") {
    const parsed = staticIdHeader.safeParse(rawHeader.trim());
    if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", message: "x-static-id must be a static id" });
    requested = parsed.data;
  }
  // A key limited to one static pins it: asking for any other is asking for a static that, for
  // this key, does not exist.
  if (apiKey?.staticId != null) {
    if (requested !== null && requested !== apiKey.staticId) throw staticNotFound();
    requested = apiKey.staticId;
  }

  if (ctx.identity.demo) {
    // The demo reader (no account): the demo static, read-only. Every write is refused here, in
    // words, and again by the database (staticProcedure binds it through withDemo).
    if (type === "mutation") throw new ApiError("FORBIDDEN", DEMO_READ_ONLY);
    const [demo] = await queryRows<{ id: number; name: string; timezone: string }>(
      ctx.db,
      sql`select id, name, timezone from statics where is_demo and seeded_at is not null`,
    );
    if (!demo) throw new ApiError("NOT_FOUND", "The demo is not ready yet: try again in a minute");
    if (requested !== null && requested !== demo.id) throw staticNotFound();
    // Typed as the signed-in branch's, so the context has one shape.
    const scope: { currentStaticId: number | null; role: MembershipRole | null; staticName: string | null; credential: Credential | null } = {
      credential: null,
      currentStaticId: demo.id,
      role: "member",
      staticName: demo.name,
    };
    return next({
      ctx: {
        user: { id: 0, username: "demo", displayName: "Demo" },
        // A bearer key is judged alone (apiKeyIdentity): the demo reader never has one.
        apiKey,
        credential: scope.credential,
        currentStaticId: scope.currentStaticId,
        isAdmin: false,
        role: scope.role,
        staticName: scope.staticName,
        staticTimeZone: demo.timezone,
        demo: true,
      },
    });
  }

  const credential = ctx.identity.credential;
  if (!credential) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  let user = await findRequestUser(ctx.db, ctx.identity.userId, requested);
  if (user && !user.provisioned) {
    await provisionUser(ctx.db, user.id, credential, ctx.autoJoinDefaultStatic);
    user = await findRequestUser(ctx.db, ctx.identity.userId, requested);
  }
  // A session whose user is gone is just not signed in.
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  if (requested !== null && !user.isMemberOfRequested) throw staticNotFound();

  const currentStaticId = requested ?? (user.isMemberOfRequested ? user.currentStaticId : null);
  return next({
    ctx: {
      /** The demo reader (see above). */
      demo: false,
      user: { id: user.id, username: user.username, displayName: user.displayName },
      /** The API key the call came with (what it is limited to), or null for a person's session. */
      apiKey,
      /**
       * What the database binds and acts by (actingAs): the session's token or the key's hash,
       * resolved to the user by the database itself. Null for the demo reader.
       */
      credential,
      currentStaticId,
      /** An administrator of this instance (adminProcedure). */
      isAdmin: user.isAdmin,
      /** The caller's role in the current static (null when there is none). */
      role: currentStaticId === null ? null : user.roleInRequested,
      /** The current static's name, for messages. */
      staticName: currentStaticId === null ? null : user.staticName,
      /** The current static's IANA time zone ("night" sessions are counted in it). */
      staticTimeZone: currentStaticId === null ? "UTC" : (user.staticTimeZone ?? "UTC"),
    },
  });
});

/**
 * The only way a router reaches static-scoped tables: the resolver runs inside withTenant, bound
 * to (user, current static), and `ctx.db` is that bound transaction (RLS confines it to the static).
 * Any failure rolls the whole call back.
 */
export const staticProcedure = protectedProcedure.use(async ({ ctx, next, type }) => {
  const staticId = ctx.currentStaticId;
  if (staticId === null) throw staticNotFound();
  if (ctx.demo) {
    // READ ONLY, bound by app.bind_demo, as progboard_demo (SELECT only): the handle reads like a
    // tenant's, and PostgreSQL refuses any write through it.
    try {
      return await ctx.withDemo(async (demoDb) => {
        const db = demoDb as unknown as TenantDb;
        const result = await next({ ctx: { db, staticId, withTenant: undefined, withGrant: undefined } });
        if (!result.ok) throw result.error;
        return result;
      });
    } catch (error) {
      if (error instanceof DemoBindError) throw staticNotFound();
      throw error;
    }
  }
  try {
    return await ctx.withTenant(
      { credential: actingAs(ctx), staticId },
      async (db) => {
        const result = await next({ ctx: { db, staticId, withTenant: undefined, withGrant: undefined } });
        // tRPC hands errors back as results; throwing here is what rolls the transaction back.
        if (!result.ok) throw result.error;
        return result;
      },
      // Queries run READ ONLY: PostgreSQL refuses a write in one, and they answer without
      // waiting for COMMIT.
      { readOnly: type === "query" },
    );
  } catch (error) {
    // Removed from the static between the membership check and the bind: it is gone for them.
    if (error instanceof TenantBindError) throw staticNotFound();
    throw error;
  }
});

/**
 * Owner-only calls on the current static (the tier the sharing calls build on). A member without
 * the role gets FORBIDDEN in words, "Only an owner of Savage can rotate the handle" (they can see
 * the static; it is their role that is missing); an outsider still gets staticProcedure's
 * NOT_FOUND. The role is read again inside the bound transaction (app.bound_role(), from the
 * binding itself), so a demotion between the request's first query and the call is seen.
 */
export const ownerProcedure = staticProcedure.meta({ ownerOnly: true }).use(async ({ ctx, meta, next }) => {
  const refused = () => notAnOwner(ctx.staticName ?? "this static", meta?.ownerAction ?? "do that");
  if (ctx.role !== "owner") throw refused();
  const [bound] = await queryRows<{ role: string | null }>(ctx.db, sql`select app.bound_role() as role`);
  if (bound?.role !== "owner") throw refused();
  return next();
});

/** Calls only an instance admin may make (FORBIDDEN otherwise: it is about their role, not a static). */
export const adminProcedure = protectedProcedure.meta({ adminOnly: true }).use(async ({ ctx, next }) => {
  if (!ctx.isAdmin) throw new ApiError("FORBIDDEN", "Only an administrator of this instance can do that");
  return next();
});

/**
 * Calls that manage a static named in their input (`{ staticId, … }`: members.*, statics.rename,
 * me.setCurrentStatic) act on the tenancy tables, which the membership service owns. The input is
 * checked first (whole: a smuggled key is BAD_REQUEST, as everywhere), then the caller's
 * membership, in the transaction the call then runs in (`ctx.db`), so the check and the action
 * cannot be split by another request; a non-member gets the same NOT_FOUND as a static that does
 * not exist.
 */
export function memberProcedure<Input extends z.ZodType<{ staticId: number }>>(input: Input) {
  return protectedProcedure.input(input).use(({ ctx, input: { staticId }, next }) =>
    ctx.db.transaction(async (tx) => {
      // A key limited to another static cannot reach this one, member or not.
      if (ctx.apiKey?.staticId != null && ctx.apiKey.staticId !== staticId) throw staticNotFound();
      const membership = await findMembership(tx, ctx.user.id, staticId);
      if (!membership) throw staticNotFound();
      // Typed as the alias, so the tier's declared type names it (composite declaration emit).
      const db: Database = tx;
      const result = await next({
        ctx: { db, staticId, withTenant: undefined, withGrant: undefined, role: membership.role, staticName: membership.staticName },
      });
      // tRPC hands errors back as results; throwing here is what rolls the transaction back.
      if (!result.ok) throw result.error;
      return result;
    }),
  );
}

/**
 * memberProcedure for owner-only calls on a static named in the input (rename, delete, remove a
 * member, change a role): a member without the role gets FORBIDDEN in words, a non-member
 * NOT_FOUND. The definer functions behind these calls check the role again themselves.
 */
export function ownerOfProcedure<Input extends z.ZodType<{ staticId: number }>>(input: Input) {
  return memberProcedure(input)
    .meta({ ownerOnly: true })
    .use(({ ctx, meta, next }) => {
      if (ctx.role !== "owner") throw notAnOwner(ctx.staticName, meta?.ownerAction ?? "do that");
      return next();
    });
}

/**
 * Sharing calls for the current static (sharing.*): the services check the caller's membership in
 * the transactions they run, on the tenancy tables (statics, static_grants).
 */
export const sharingProcedure = protectedProcedure.use(({ ctx, next }) => {
  const staticId = ctx.currentStaticId;
  if (staticId === null) throw staticNotFound();
  return next({ ctx: { staticId, withGrant: undefined } });
});

/**
 * Owner-only sharing calls (grant, revoke, rotate the handle): a member without the role gets
 * FORBIDDEN in words; the definer functions behind them check the role again, under a lock.
 */
export const sharingOwnerProcedure = sharingProcedure.meta({ ownerOnly: true }).use(({ ctx, meta, next }) => {
  if (ctx.role !== "owner") throw notAnOwner(ctx.staticName ?? "this static", meta?.ownerAction ?? "do that");
  return next();
});

/**
 * Shared reads (shared.*): `{ grantId, … }` read by a member of the current static, the grantee.
 * The grant is opened (app.open_grant, remembered for moments within its hour: grant-openings.ts),
 * then the resolver runs inside withGrant: a READ ONLY
 * transaction bound by app.bind_grant to the granter's static as the grantee role, so both walls
 * hold. `ctx.db` is that transaction, `ctx.grant` the grant, and the visibility is "grant". A grant
 * that does not exist, is revoked, is addressed to another static, or a reader outside the grantee:
 * the same NOT_FOUND.
 */
export function grantProcedure<Input extends z.ZodType<{ grantId: number }>>(input: Input) {
  return protectedProcedure.input(input).use(async ({ ctx, input: { grantId }, path, next }) => {
    const granteeStaticId = ctx.currentStaticId;
    if (granteeStaticId === null) throw grantNotFound();
    // The grant opened and the read recorded in the granter's log (hourly, see the README), or an
    // opening of this read made moments ago in the same hour; app.bind_grant below checks the grant
    // and the reader again either way.
    const key = { grantId, userId: ctx.user.id, granteeStaticId, procedure: path };
    let grant = ctx.grantOpenings.get(key);
    if (!grant) {
      grant = await openGrant(ctx.db, actingAs(ctx), granteeStaticId, grantId, path);
      if (!grant) throw grantNotFound();
      ctx.grantOpenings.set(key, grant);
    }
    try {
      return await ctx.withGrant({ credential: actingAs(ctx), granteeStaticId, grantId }, async (db) => {
        const result = await next({ ctx: { db, grant, visibility: "grant" as const, withTenant: undefined, withGrant: undefined } });
        if (!result.ok) throw result.error;
        return result;
      });
    } catch (error) {
      // Revoked (or the reader removed) between the read above and the bind.
      if (error instanceof GrantBindError) throw grantNotFound();
      throw error;
    }
  });
}

export const KEYS_CANNOT_MANAGE_KEYS = "API keys cannot manage API keys: sign in to progboard to do that";

/**
 * A person signed in (a session, or the dev identity), never an API key: managing keys is theirs
 * alone, so a leaked key cannot mint more keys or outlive its revocation.
 */
export const personProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.apiKey) throw new TRPCError({ code: "FORBIDDEN", message: KEYS_CANNOT_MANAGE_KEYS });
  return next();
});
