// Shared reads (SPEC.md H): another static's analysis through a grant it gave ours, read-only.
// Each view is the granter's (its roster, aliases, strat config and prog points), limited to the
// grant's scope by the database (grantee mode, migrations/0010) and here, and serialized with the
// grantee's schema (services/visibility.ts). Every procedure takes `{ grantId, … }`: a grant that
// does not exist, is revoked, is addressed to another static, or a reader outside the grantee gets
// the same NOT_FOUND (grantProcedure).
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound } from "../errors";
import { listAnalysedEncounters } from "../services/analysis/load";
import type { ResolvedGrant } from "../services/sharing";
import { serialize } from "../services/visibility";
import { grantProcedure } from "../trpc";
import { type AnalysisScopeInput, analysisScope, sessionKey, type ViewCtx, view, views } from "./analysis";
import { id } from "./inputs";

const grantId = z.strictObject({ grantId: id });
const scope = analysisScope.extend({ grantId: id });

/** A report grant's report is no longer watched by the granter: nothing to show, and we say so. */
const noLongerShared = () => notFound("This report is no longer shared: its static stopped watching it");
/** A report grant read about another report. */
const notShared = () => notFound("That report is not shared with you");

interface GrantCtx {
  db: ViewCtx["db"];
  analysisCache: ViewCtx["analysisCache"];
  grant: ResolvedGrant;
}

/** The granter's analysis context for this grant, and the scope narrowed to what the grant covers. */
function granted<I extends AnalysisScopeInput & { grantId: number }>(ctx: GrantCtx, input: I): [ViewCtx, Omit<I, "grantId">] {
  const { grantId: _grantId, ...rest } = input;
  const { grant } = ctx;
  if (grant.code !== null && rest.code !== undefined && rest.code !== grant.code) throw notShared();
  const narrowed = grant.code === null ? rest : { ...rest, code: grant.code };
  return [
    {
      db: ctx.db,
      analysisCache: ctx.analysisCache,
      staticId: grant.granterStaticId,
      timeZone: grant.granterTimeZone,
      viewer: `grant:${grant.grantId}`,
    },
    narrowed,
  ];
}

export const sharedRouter = {
  /** Encounters with pulls in what the grant covers. */
  encounters: grantProcedure(grantId).query(async ({ ctx }) => {
    const rows = await listAnalysedEncounters(ctx.db, ctx.grant.granterStaticId, ctx.grant.code ?? undefined);
    return serialize("encounters", ctx.visibility, rows);
  }),

  pulls: grantProcedure(scope).query(async ({ ctx, input }) => {
    const [v, s] = granted(ctx, input);
    return serialize("pulls", ctx.visibility, await view(v, "pulls", s, (a) => views.pulls(a, s), noLongerShared));
  }),

  progCurve: grantProcedure(scope).query(async ({ ctx, input }) => {
    const [v, s] = granted(ctx, input);
    return serialize("progCurve", ctx.visibility, await view(v, "progCurve", s, (a) => views.progCurve(a, s), noLongerShared));
  }),

  sessions: grantProcedure(scope).query(async ({ ctx, input }) => {
    const [v, s] = granted(ctx, input);
    return serialize("sessions", ctx.visibility, await view(v, "sessions", s, (a) => views.sessions(a, s), noLongerShared));
  }),

  sessionReport: grantProcedure(scope.extend({ session: sessionKey })).query(async ({ ctx, input }) => {
    const [v, s] = granted(ctx, input);
    return serialize("sessionReport", ctx.visibility, await view(v, "sessionReport", s, (a) => views.sessionReport(a, s), noLongerShared));
  }),

  wipeTypes: grantProcedure(scope).query(async ({ ctx, input }) => {
    const [v, s] = granted(ctx, input);
    return serialize("wipeTypes", ctx.visibility, await view(v, "wipeTypes", s, (a) => views.wipeTypes(a, s), noLongerShared));
  }),

  faultAggregate: grantProcedure(scope).query(async ({ ctx, input }) => {
    const [v, s] = granted(ctx, input);
    const aggregate = await view(v, "faultTotals", s, (a) => views.faultTotals(a, s), noLongerShared);
    return serialize("faultAggregate", ctx.visibility, aggregate);
  }),

  consistency: grantProcedure(scope).query(async ({ ctx, input }) => {
    const [v, s] = granted(ctx, input);
    return serialize("consistency", ctx.visibility, await view(v, "consistency", s, (a) => views.consistency(a, s), noLongerShared));
  }),
} satisfies TRPCRouterRecord;
