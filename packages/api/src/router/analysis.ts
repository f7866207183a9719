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
  countMistakesBySession,
  faultTotals,
  groupPullsBySession,
  listSessions,
} from "@progboard/analysis";
import type { ScopedReadDb } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound, notWatched } from "../errors";
import { type AnalysisCache, memoView } from "../services/analysis/cache";
import { listAnalysedEncounters, loadAnalysis, withinDates } from "../services/analysis/load";
import { staticProcedure } from "../trpc";
import { encounterId, reportCode } from "./inputs";

const epochMs = z.number().int().min(0).max(8.64e15);
/** The scope of every analysis view (shared.* adds its grantId to it). */
export const analysisScope = z.strictObject({ encounterId, code: reportCode.optional(), from: epochMs.optional(), to: epochMs.optional() });
const scope = analysisScope;
export type AnalysisScopeInput = z.infer<typeof analysisScope>;
type Scope = AnalysisScopeInput;
export const sessionKey = z.string().min(1).max(LIMITS.sessionKey.maxLength);
export const sessionScope = scope.extend({ session: sessionKey });

/** Whose analysis, seen by whom: the static's own members, or a grantee through one grant. */
export interface ViewCtx {
  db: ScopedReadDb;
  analysisCache: AnalysisCache;
  /** The static whose analysis it is. */
  staticId: number;
  /** Its time zone ("night" sessions are counted in it). */
  timeZone: string;
  /** "owner" or "grant:<id>": part of every cache key (load.ts). */
  viewer: string;
}

/**
 * One view of the static's analysis for this scope: the analysis is prepared (or found in the
 * cache), then the view is computed once per distinct question and kept with it. `onEmpty` is what
 * to throw when a single report was asked about and the static does not watch it.
 */
export async function view<T>(
  ctx: ViewCtx,
  name: string,
  input: Scope & { session?: string },
  build: (analysis: Analysis) => T,
  onEmpty: () => Error = notWatched,
): Promise<T> {
  const { analysis, reportCodes } = await loadAnalysis(ctx.db, ctx.analysisCache, {
    staticId: ctx.staticId,
    encounterId: input.encounterId,
    timeZone: ctx.timeZone,
    code: input.code,
    viewer: ctx.viewer,
  });
  // Asked about one report: it must be one this static watches.
  if (input.code !== undefined && !reportCodes.includes(input.code)) throw onEmpty();
  return memoView(ctx.analysisCache, analysis, name, input, () => build(withinDates(analysis, input.from, input.to)));
}

/** The views of an analysis, by name: the owner's (analysis.*) and the grantee's (shared.*) alike. */
export const views = {
  pulls: (a: Analysis, input: Scope) => buildPullTable(a, input.encounterId),
  progCurve: (a: Analysis, input: Scope) => ({ ...buildProgCurve(a, input.encounterId), progPoints: buildProgPoints(a, input.encounterId) }),
  sessions: (a: Analysis, input: Scope) => listSessions(a, input.encounterId),
  sessionReport: (a: Analysis, input: Scope & { session: string }) => {
    if (!listSessions(a, input.encounterId).some((s) => s.sessionKey === input.session)) throw notFound("No such session");
    return buildSessionReport(a, input.session, input.encounterId);
  },
  wipeTypes: (a: Analysis, input: Scope) => {
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
  },
  /** The Night page: the session as raiders write it up, compared with the one before. */
  night: (a: Analysis, input: Scope & { session: string }) => {
    if (!listSessions(a, input.encounterId).some((s) => s.sessionKey === input.session)) throw notFound("No such session");
    return buildNightReport(a, input.session, input.encounterId);
  },
  /** Mistakes without deaths over the scope, per mechanic and player, and per session. */
  mistakes: (a: Analysis, input: Scope) => {
    // Every mistake one by one is the Night page's (a session's); over the scope, the counts.
    const { overall, sessions } = countMistakesBySession(groupPullsBySession(a, input.encounterId));
    return {
      ...overall,
      sessions: sessions.map(({ group: { session, pulls }, counts }) => ({
        sessionKey: session.key,
        sessionLabel: session.label,
        pullsWithEvents: counts.pullsWithEvents,
        total: counts.total,
        byMechanic: counts.byMechanic.map((m) => ({ mechanicRef: m.mechanicRef, abilityName: m.abilityName, kind: m.kind, count: m.count })),
        // Who made them, mechanic by mechanic: the Analysis tab's chart of one player's mistakes.
        byPlayer: counts.byPlayer.map((p) => ({ playerKey: p.playerKey, player: p.player, count: p.count, byMechanic: p.byMechanic })),
        // Who was in its pulls with events: a player not there made no mistake there, but has no 0 either.
        playersSeen: [...new Set(pulls.filter((p) => p.hasEvents).flatMap((p) => [...p.digest.present.values()].map((r) => r.key)))],
      })),
    };
  },
  faults: (a: Analysis, input: Scope) => attributeFaults(a, input.encounterId),
  /** The faults' totals alone (faultAggregate): every wipe scored, no pull's words kept. */
  faultTotals: (a: Analysis, input: Scope) => faultTotals(a, input.encounterId),
  consistency: (a: Analysis, input: Scope) => buildConsistency(a, input.encounterId),
};

interface OwnerCtx {
  db: ScopedReadDb;
  analysisCache: AnalysisCache;
  staticId: number;
  staticTimeZone: string;
}
const own = (ctx: OwnerCtx): ViewCtx => ({
  db: ctx.db,
  analysisCache: ctx.analysisCache,
  staticId: ctx.staticId,
  timeZone: ctx.staticTimeZone,
  viewer: "owner",
});

export const analysisRouter = {
  /** Encounters with pulls in the static's watched reports. */
  encounters: staticProcedure.query(({ ctx }) => listAnalysedEncounters(ctx.db, ctx.staticId)),

  /** Every pull: number, time, duration, outcome, phase reached, first death, wipe type. */
  pulls: staticProcedure.input(scope).query(({ ctx, input }) => view(own(ctx), "pulls", input, (a) => views.pulls(a, input))),

  /** Best pull per session over time, and the prog points reached. */
  progCurve: staticProcedure.input(scope).query(({ ctx, input }) => view(own(ctx), "progCurve", input, (a) => views.progCurve(a, input))),

  sessions: staticProcedure.input(scope).query(({ ctx, input }) => view(own(ctx), "sessions", input, (a) => views.sessions(a, input))),

  sessionReport: staticProcedure
    .input(sessionScope)
    .query(({ ctx, input }) => view(own(ctx), "sessionReport", input, (a) => views.sessionReport(a, input))),

  /** The Night page: the session as raiders write it up, compared with the one before, wipes by phase → mechanic → player, mistakes. */
  night: staticProcedure.input(sessionScope).query(({ ctx, input }) => loadNight(ctx, input)),

  /** Mistakes without deaths over the scope, per mechanic and player, and per session (mechanic by mechanic). */
  mistakes: staticProcedure.input(scope).query(({ ctx, input }) => view(own(ctx), "mistakes", input, (a) => views.mistakes(a, input))),

  /** Wipe type of each pull, and how many of each. */
  wipeTypes: staticProcedure.input(scope).query(({ ctx, input }) => view(own(ctx), "wipeTypes", input, (a) => views.wipeTypes(a, input))),

  /** Blame per wipe, computed, with the static's manual overrides winning. */
  faultScores: staticProcedure
    .input(scope)
    .query(({ ctx, input }) => view(own(ctx), "faults", input, (a) => views.faults(a, input)).then((f) => f.pulls)),

  /** Blame per player, overall and per session. */
  faultAggregate: staticProcedure.input(scope).query(({ ctx, input }) => view(own(ctx), "faultTotals", input, (a) => views.faultTotals(a, input))),

  /** Deaths per eligible pull per player, per session, with the trend. */
  consistency: staticProcedure.input(scope).query(({ ctx, input }) => view(own(ctx), "consistency", input, (a) => views.consistency(a, input))),
} satisfies TRPCRouterRecord;

/** The Night page's report of one session (NOT_FOUND for a session the static has no pulls in). */
export function loadNight(ctx: OwnerCtx, input: z.infer<typeof sessionScope>) {
  return view(own(ctx), "night", input, (a) => views.night(a, input));
}
