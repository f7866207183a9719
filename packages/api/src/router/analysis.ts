// Analysis (SPEC.md F): static-scoped views over shared raw data, shaped by the static's own
// roster, aliases and strat config, and reading only reports the static watches.
import {
  type Analysis,
  attributeFaults,
  buildConsistency,
  buildNightReport,
  buildProgCurve,
  buildProgPoints,
  buildPullTable,
  buildSessionReport,
  countMistakes,
  groupPullsBySession,
  listSessions,
} from "@progboard/analysis";
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound, notWatched } from "../errors";
import { type AnalysisCache, memoView } from "../services/analysis/cache";
import { listAnalysedEncounters, loadAnalysis, withinDates } from "../services/analysis/load";
import { staticProcedure } from "../trpc";
import { encounterId, reportCode } from "./inputs";

const epochMs = z.number().int().min(0).max(8.64e15);
export const scope = z.strictObject({ encounterId, code: reportCode.optional(), from: epochMs.optional(), to: epochMs.optional() });
type Scope = z.infer<typeof scope>;

export const sessionScope = scope.extend({ session: z.string().min(1).max(LIMITS.sessionKey.maxLength) });

export interface Ctx {
  db: Parameters<typeof loadAnalysis>[0];
  analysisCache: AnalysisCache;
  staticId: number;
  staticTimeZone: string;
}

/**
 * One view of the static's analysis for this scope: the analysis is prepared (or found in the
 * cache), then the view is computed once per distinct question and kept with it.
 */
export async function view<T>(ctx: Ctx, name: string, input: Scope & { session?: string }, build: (analysis: Analysis) => T): Promise<T> {
  const { analysis, reportCodes } = await loadAnalysis(ctx.db, ctx.analysisCache, {
    staticId: ctx.staticId,
    encounterId: input.encounterId,
    timeZone: ctx.staticTimeZone,
    code: input.code,
  });
  // Asked about one report: it must be one this static watches.
  if (input.code !== undefined && !reportCodes.includes(input.code)) throw notWatched();
  return memoView(ctx.analysisCache, analysis, name, input, () => build(withinDates(analysis, input.from, input.to)));
}

export const analysisRouter = {
  /** Encounters with pulls in the static's watched reports. */
  encounters: staticProcedure.query(({ ctx }) => listAnalysedEncounters(ctx.db, ctx.staticId)),

  /** Every pull: number, time, duration, outcome, phase reached, first death, wipe type. */
  pulls: staticProcedure.input(scope).query(({ ctx, input }) => view(ctx, "pulls", input, (a) => buildPullTable(a, input.encounterId))),

  /** Best pull per session over time, and the prog points reached. */
  progCurve: staticProcedure
    .input(scope)
    .query(({ ctx, input }) =>
      view(ctx, "progCurve", input, (a) => ({ ...buildProgCurve(a, input.encounterId), progPoints: buildProgPoints(a, input.encounterId) })),
    ),

  sessions: staticProcedure.input(scope).query(({ ctx, input }) => view(ctx, "sessions", input, (a) => listSessions(a, input.encounterId))),

  sessionReport: staticProcedure.input(sessionScope).query(({ ctx, input }) =>
    view(ctx, "sessionReport", input, (a) => {
      if (!listSessions(a, input.encounterId).some((s) => s.sessionKey === input.session)) throw notFound("No such session");
      return buildSessionReport(a, input.session, input.encounterId);
    }),
  ),

  /** The Night page: the session as raiders write it up, compared with the one before, wipes by phase → mechanic → player, mistakes. */
  night: staticProcedure.input(sessionScope).query(({ ctx, input }) => loadNight(ctx, input)),

  /** Wipe type of each pull, and how many of each. */
  wipeTypes: staticProcedure.input(scope).query(({ ctx, input }) =>
    view(ctx, "wipeTypes", input, (a) => {
      const rows = buildPullTable(a, input.encounterId);
      const counts: Record<string, number> = {};
      for (const row of rows) counts[row.wipeType] = (counts[row.wipeType] ?? 0) + 1;
      return {
        pulls: rows.map((r) => ({
          pullNumber: r.pullNumber,
          reportCode: r.reportCode,
          fightId: r.fightId,
          wipeType: r.wipeType,
          reason: r.wipeReason,
        })),
        counts,
      };
    }),
  ),

  /** Blame per wipe, computed, with the static's manual overrides winning. */
  faultScores: staticProcedure
    .input(scope)
    .query(({ ctx, input }) => view(ctx, "faults", input, (a) => attributeFaults(a, input.encounterId)).then((f) => f.pulls)),

  /** Blame per player, overall and per session. */
  faultAggregate: staticProcedure.input(scope).query(async ({ ctx, input }) => {
    const { pulls: _pulls, ...aggregate } = await view(ctx, "faults", input, (a) => attributeFaults(a, input.encounterId));
    return aggregate;
  }),

  /** Mistakes without deaths over the scope, per mechanic and player, and per session (mechanic by mechanic). */
  mistakes: staticProcedure.input(scope).query(({ ctx, input }) =>
    view(ctx, "mistakes", input, (a) => {
      const groups = groupPullsBySession(a, input.encounterId);
      // Every mistake one by one is the Night page's (a session's); over the scope, the counts.
      const { perPull: _perPull, ...overall } = countMistakes(groups.flatMap((g) => g.pulls));
      return {
        ...overall,
        sessions: groups.map(({ session, pulls }) => {
          const counts = countMistakes(pulls);
          return {
            sessionKey: session.key,
            sessionLabel: session.label,
            pullsWithEvents: counts.pullsWithEvents,
            total: counts.total,
            byMechanic: counts.byMechanic.map((m) => ({ abilityName: m.abilityName, kind: m.kind, count: m.count })),
          };
        }),
      };
    }),
  ),

  /** Deaths per eligible pull per player, per session, with the trend. */
  consistency: staticProcedure.input(scope).query(({ ctx, input }) => view(ctx, "consistency", input, (a) => buildConsistency(a, input.encounterId))),
} satisfies TRPCRouterRecord;

/** The Night page's report of one session (NOT_FOUND for a session the static has no pulls in). */
export function loadNight(ctx: Ctx, input: z.infer<typeof sessionScope>) {
  return view(ctx, "night", input, (a) => {
    if (!listSessions(a, input.encounterId).some((s) => s.sessionKey === input.session)) throw notFound("No such session");
    return buildNightReport(a, input.session, input.encounterId);
  });
}
