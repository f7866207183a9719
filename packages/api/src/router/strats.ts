// Strat config (SPEC.md D): per encounter, which role or roster member handles each mechanic.
import { abilities, fights, rosterMembers, stratConfig, type TenantDb, watchedReports } from "@progboard/db";
import { LIMITS, STRAT_RULES } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { ApiError, mapViolations, notFound } from "../errors";
import { findEncounterAbilities } from "../services/seen-in-reports";
import { staticProcedure } from "../trpc";
import { encounterId, id, mechanicRef, notes, returned, role } from "./inputs";

const columns = {
  mechanicRef: stratConfig.mechanicRef,
  role: stratConfig.role,
  memberId: stratConfig.memberId,
  rule: stratConfig.rule,
  expectedHits: stratConfig.expectedHits,
  notes: stratConfig.notes,
  updatedAt: stratConfig.updatedAt,
};

const isAbilityId = (ref: string) => /^\d+$/.test(ref.trim());

/** Ability names by id in the static's watched reports. */
async function abilityNames(db: TenantDb, staticId: number): Promise<Map<number, string>> {
  const rows = await db
    .selectDistinctOn([abilities.gameId], { id: abilities.gameId, name: abilities.name })
    .from(abilities)
    .innerJoin(watchedReports, and(eq(watchedReports.code, abilities.reportCode), eq(watchedReports.staticId, staticId)))
    .orderBy(abilities.gameId, abilities.name);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A mechanic given by name must be an ability of the encounter the static's reports show (the
 * analysis matches names to abilities; a name that matches nothing would silently count nothing).
 * Before any report of the encounter has its events there is nothing to check against.
 */
async function checkMechanicName(db: TenantDb, staticId: number, encounterId: number, ref: string) {
  if (isAbilityId(ref)) return;
  const reportsOfEncounter = db
    .selectDistinct({ code: fights.reportCode })
    .from(fights)
    .innerJoin(watchedReports, and(eq(watchedReports.code, fights.reportCode), eq(watchedReports.staticId, staticId)))
    .where(eq(fights.encounterId, encounterId));
  const [known] = await db
    .select({
      any: sql<boolean>`count(*) > 0`,
      matches: sql<boolean>`coalesce(bool_or(lower(trim(${abilities.name})) = ${ref.trim().toLowerCase()}), false)`,
    })
    .from(abilities)
    .where(inArray(abilities.reportCode, reportsOfEncounter));
  if (!known?.any || known.matches) return;
  const shown = ref.length > 60 ? `${ref.slice(0, 60)}…` : ref;
  throw new ApiError(
    "BAD_REQUEST",
    `No ability named "${shown}" appears in this static's reports of this encounter: pick one from the list, or give an ability id`,
  );
}

export const stratsRouter = {
  /** Encounters for the picker: those in the static's watched reports, and those it has strats for. */
  encounters: staticProcedure.query(async ({ ctx }) => {
    const [seen, configured] = await Promise.all([
      ctx.db
        .selectDistinct({ encounterId: fights.encounterId, name: fights.name })
        .from(fights)
        .innerJoin(watchedReports, and(eq(watchedReports.code, fights.reportCode), eq(watchedReports.staticId, ctx.staticId)))
        .where(gt(fights.encounterId, 0)),
      ctx.db.selectDistinct({ encounterId: stratConfig.encounterId }).from(stratConfig).where(eq(stratConfig.staticId, ctx.staticId)),
    ]);
    const names = new Map<number, string | null>();
    for (const row of configured) names.set(row.encounterId, null);
    for (const row of seen) names.set(row.encounterId, row.name);
    return [...names].map(([encounterId, name]) => ({ encounterId, name })).sort((a, b) => a.encounterId - b.encounterId);
  }),

  /**
   * The mechanic picker: the encounter's enemy abilities in the static's watched reports, with the
   * phase where each was first met, its hits and the deaths it caused.
   */
  abilities: staticProcedure
    .input(z.strictObject({ encounterId }))
    .query(({ ctx, input }) => findEncounterAbilities(ctx.db, ctx.staticId, input.encounterId)),

  /** `mechanicName`: the ability an id names in the static's reports (null when none does, or for a name). */
  list: staticProcedure.input(z.strictObject({ encounterId })).query(async ({ ctx, input }) => {
    const [rows, names] = await Promise.all([
      ctx.db
        .select({ ...columns, memberName: rosterMembers.name })
        .from(stratConfig)
        .leftJoin(rosterMembers, and(eq(rosterMembers.staticId, stratConfig.staticId), eq(rosterMembers.id, stratConfig.memberId)))
        .where(and(eq(stratConfig.staticId, ctx.staticId), eq(stratConfig.encounterId, input.encounterId)))
        .orderBy(asc(stratConfig.mechanicRef)),
      abilityNames(ctx.db, ctx.staticId),
    ]);
    return rows.map((row) => ({ ...row, mechanicName: isAbilityId(row.mechanicRef) ? (names.get(Number(row.mechanicRef.trim())) ?? null) : null }));
  }),

  /**
   * Assigns a mechanic to a role, a roster member, or both (`null` clears one side), and says what
   * a mistake with it is (`rule`, STRAT_RULES): only its role/member should take it (the default),
   * nobody should, exactly `expectedHits` players should, or it is a failure debuff.
   */
  upsert: staticProcedure
    .input(
      z
        .strictObject({
          encounterId,
          mechanicRef,
          role: role.nullable().optional(),
          memberId: id.nullable().optional(),
          notes: notes.nullable().optional(),
          rule: z.enum(STRAT_RULES).nullable().optional(),
          expectedHits: z.number().int().min(LIMITS.expectedHits.min).max(LIMITS.expectedHits.max).nullable().optional(),
        })
        .refine((input) => !((input.rule ?? "only") === "only" && (input.role ?? null) === null && (input.memberId ?? null) === null), {
          message: "Choose a role or a roster member",
          path: ["role"],
        })
        .refine((input) => input.rule !== "exactly" || (input.expectedHits ?? null) !== null, {
          message: "Say how many players it should hit",
          path: ["expectedHits"],
        })
        .refine((input) => input.rule === "exactly" || (input.expectedHits ?? null) === null, {
          message: "A number of players goes only with “should hit exactly N players”",
          path: ["expectedHits"],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      // A failure debuff is a status, not an ability: its name is matched against the debuffs applied.
      if (input.rule !== "debuff") await checkMechanicName(ctx.db, ctx.staticId, input.encounterId, input.mechanicRef);
      const values = {
        role: input.role ?? null,
        memberId: input.memberId ?? null,
        notes: input.notes ?? null,
        rule: input.rule ?? null,
        expectedHits: input.expectedHits ?? null,
      };
      return returned(
        await mapViolations(
          ctx.db
            .insert(stratConfig)
            .values({ staticId: ctx.staticId, encounterId: input.encounterId, mechanicRef: input.mechanicRef, ...values })
            .onConflictDoUpdate({
              target: [stratConfig.staticId, stratConfig.encounterId, stratConfig.mechanicRef],
              set: { ...values, updatedAt: sql`now()` },
            })
            .returning(columns),
          // (static_id, member_id) references a roster member of this static only.
          { foreignKey: () => notFound("Roster member not found") },
        ),
      );
    }),

  remove: staticProcedure.input(z.strictObject({ encounterId, mechanicRef })).mutation(async ({ ctx, input }) => {
    const removed = await ctx.db
      .delete(stratConfig)
      .where(
        and(eq(stratConfig.staticId, ctx.staticId), eq(stratConfig.encounterId, input.encounterId), eq(stratConfig.mechanicRef, input.mechanicRef)),
      )
      .returning({ mechanicRef: stratConfig.mechanicRef });
    if (removed.length === 0) throw notFound("No strat for that mechanic");
    return { removed: true as const };
  }),
} satisfies TRPCRouterRecord;
