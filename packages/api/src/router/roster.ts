// The roster (SPEC.md D): who plays in the static, on which job, and the FFLogs characters
// (aliases) that map report actors to them. A signed-in user can claim a member as themself.
import { characterAliases, rosterMembers, stratConfig, users } from "@progboard/db";
import { LIMITS, roleOfJob } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { conflict, mapViolations, notFound, type Violations } from "../errors";
import { findSeenCharacters } from "../services/seen-in-reports";
import { staticProcedure } from "../trpc";
import { changesSomething, characterName, id, job, NOTHING_TO_UPDATE, notes, returned, role, rosterName, server } from "./inputs";

const memberNotFound = () => notFound("Roster member not found");

const memberColumns = {
  id: rosterMembers.id,
  name: rosterMembers.name,
  job: rosterMembers.job,
  role: rosterMembers.role,
  notes: rosterMembers.notes,
  userId: rosterMembers.userId,
};

/** A unique-name clash is a CONFLICT that names only what the caller typed. */
const nameTaken = (name: string | undefined): Violations =>
  name === undefined ? {} : { unique: () => conflict(`The roster already has a member named ${name}`) };

/** At most this many characters per "Add from reports" (a roster is eight; alts and subs fit too). */
const ADD_FROM_REPORTS_MAX = 48;

export const rosterRouter = {
  /**
   * "Add from reports": the characters in the static's watched reports (the job played most, how
   * many pulls), each with the member it is already an alias of, if any.
   */
  seenInReports: staticProcedure.query(async ({ ctx }) => {
    const [seen, aliases] = await Promise.all([
      findSeenCharacters(ctx.db, ctx.staticId),
      ctx.db
        .select({
          characterName: characterAliases.characterName,
          server: characterAliases.server,
          memberId: characterAliases.memberId,
          memberName: rosterMembers.name,
        })
        .from(characterAliases)
        .innerJoin(rosterMembers, and(eq(rosterMembers.staticId, characterAliases.staticId), eq(rosterMembers.id, characterAliases.memberId)))
        .where(eq(characterAliases.staticId, ctx.staticId)),
    ]);
    const keyOf = (name: string, server: string) => `${name.toLowerCase()}@${server.toLowerCase()}`;
    const aliasOf = new Map(aliases.map((a) => [keyOf(a.characterName, a.server), { memberId: a.memberId, memberName: a.memberName }]));
    return seen.map((c) => ({ ...c, member: aliasOf.get(keyOf(c.characterName, c.server)) ?? null }));
  }),

  /**
   * Adds characters from the reports: each becomes a member named after the character, on the job
   * given (the one seen most), with the character as its alias. A member of that name already on
   * the roster gets the alias instead of a twin; a character already an alias is left as it is.
   */
  addFromReports: staticProcedure
    .input(
      z.strictObject({
        characters: z
          .array(z.strictObject({ characterName, server, job: job.nullable().optional() }))
          .min(1, "Pick at least one character")
          .max(ADD_FROM_REPORTS_MAX, `Add at most ${ADD_FROM_REPORTS_MAX} characters at once`),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const added: { memberId: number; name: string; characterName: string; server: string; linked: boolean }[] = [];
      const skipped: { characterName: string; server: string; reason: string }[] = [];
      for (const c of input.characters) {
        const [existingAlias] = await ctx.db
          .select({ memberName: rosterMembers.name })
          .from(characterAliases)
          .innerJoin(rosterMembers, and(eq(rosterMembers.staticId, characterAliases.staticId), eq(rosterMembers.id, characterAliases.memberId)))
          .where(
            and(
              eq(characterAliases.staticId, ctx.staticId),
              sql`lower(${characterAliases.characterName}) = lower(${c.characterName})`,
              sql`lower(${characterAliases.server}) = lower(${c.server})`,
            ),
          );
        if (existingAlias) {
          skipped.push({ characterName: c.characterName, server: c.server, reason: `already an alias of ${existingAlias.memberName}` });
          continue;
        }
        // A roster name is at most LIMITS.rosterName characters; FFLogs names fit (21 in game).
        const name = c.characterName.slice(0, LIMITS.rosterName.maxLength);
        const [sameName] = await ctx.db
          .select({ id: rosterMembers.id })
          .from(rosterMembers)
          .where(and(eq(rosterMembers.staticId, ctx.staticId), sql`lower(${rosterMembers.name}) = lower(${name})`));
        const member =
          sameName ??
          returned(
            await ctx.db
              .insert(rosterMembers)
              .values({ staticId: ctx.staticId, name, job: c.job ?? null, role: roleOfJob(c.job ?? undefined) })
              .returning({ id: rosterMembers.id }),
          );
        await ctx.db
          .insert(characterAliases)
          .values({ staticId: ctx.staticId, memberId: member.id, characterName: c.characterName, server: c.server });
        added.push({ memberId: member.id, name, characterName: c.characterName, server: c.server, linked: sameName !== undefined });
      }
      return { added, skipped };
    }),

  /** Members with their aliases, and who (if anyone) claimed each. */
  list: staticProcedure.query(async ({ ctx }) => {
    // Both queries go out together: one round trip inside the bound transaction.
    const [members, aliases] = await Promise.all([
      ctx.db
        .select({ ...memberColumns, username: users.username })
        .from(rosterMembers)
        .leftJoin(users, eq(users.id, rosterMembers.userId))
        .where(eq(rosterMembers.staticId, ctx.staticId))
        .orderBy(asc(rosterMembers.name), asc(rosterMembers.id)),
      ctx.db
        .select({ memberId: characterAliases.memberId, characterName: characterAliases.characterName, server: characterAliases.server })
        .from(characterAliases)
        .where(eq(characterAliases.staticId, ctx.staticId))
        .orderBy(asc(characterAliases.characterName), asc(characterAliases.server)),
    ]);
    return members.map(({ userId, username, ...member }) => ({
      ...member,
      claimedBy: userId === null || username === null ? null : { userId, username },
      isMe: userId === ctx.user.id,
      aliases: aliases.filter((a) => a.memberId === member.id).map(({ characterName, server }) => ({ characterName, server })),
    }));
  }),

  /** The role follows from the job when not given. */
  create: staticProcedure.input(z.strictObject({ name: rosterName, job: job.optional(), role: role.optional() })).mutation(async ({ ctx, input }) =>
    returned(
      await mapViolations(
        ctx.db
          .insert(rosterMembers)
          .values({ staticId: ctx.staticId, name: input.name, job: input.job ?? null, role: input.role ?? roleOfJob(input.job) })
          .returning(memberColumns),
        nameTaken(input.name),
      ),
    ),
  ),

  /** `null` clears job, role or notes. */
  update: staticProcedure
    .input(
      z
        .strictObject({
          id,
          name: rosterName.optional(),
          job: job.nullable().optional(),
          role: role.nullable().optional(),
          notes: notes.nullable().optional(),
        })
        .refine(changesSomething(["id"]), NOTHING_TO_UPDATE),
    )
    .mutation(async ({ ctx, input }) => {
      const [updated] = await mapViolations(
        ctx.db
          .update(rosterMembers)
          .set({ name: input.name, job: input.job, role: input.role, notes: input.notes })
          .where(and(eq(rosterMembers.staticId, ctx.staticId), eq(rosterMembers.id, input.id)))
          .returning(memberColumns),
        nameTaken(input.name),
      );
      if (!updated) throw memberNotFound();
      return updated;
    }),

  /** Strats assigned to this member alone (no role) go with them; the rest keep their role. */
  remove: staticProcedure.input(z.strictObject({ id })).mutation(async ({ ctx, input }) => {
    await ctx.db.delete(stratConfig).where(and(eq(stratConfig.staticId, ctx.staticId), eq(stratConfig.memberId, input.id), isNull(stratConfig.role)));
    const removed = await ctx.db
      .delete(rosterMembers)
      .where(and(eq(rosterMembers.staticId, ctx.staticId), eq(rosterMembers.id, input.id)))
      .returning({ id: rosterMembers.id });
    if (removed.length === 0) throw memberNotFound();
    return { removed: true as const };
  }),

  /** "This is me": links the member to the caller, moving any earlier claim of theirs here. */
  claim: staticProcedure.input(z.strictObject({ id })).mutation(async ({ ctx, input }) => {
    const [target] = await ctx.db
      .select({ userId: rosterMembers.userId })
      .from(rosterMembers)
      .where(and(eq(rosterMembers.staticId, ctx.staticId), eq(rosterMembers.id, input.id)))
      .for("update");
    if (!target) throw memberNotFound();
    if (target.userId !== null && target.userId !== ctx.user.id) {
      throw conflict("Someone else has already claimed this member");
    }
    await ctx.db
      .update(rosterMembers)
      .set({ userId: null })
      .where(and(eq(rosterMembers.staticId, ctx.staticId), eq(rosterMembers.userId, ctx.user.id), ne(rosterMembers.id, input.id)));
    return returned(
      await ctx.db
        .update(rosterMembers)
        .set({ userId: ctx.user.id })
        .where(and(eq(rosterMembers.staticId, ctx.staticId), eq(rosterMembers.id, input.id)))
        .returning(memberColumns),
    );
  }),

  /** Undoes your own claim. */
  unclaim: staticProcedure.input(z.strictObject({ id })).mutation(async ({ ctx, input }) => {
    const [released] = await ctx.db
      .update(rosterMembers)
      .set({ userId: null })
      .where(and(eq(rosterMembers.staticId, ctx.staticId), eq(rosterMembers.id, input.id), eq(rosterMembers.userId, ctx.user.id)))
      .returning(memberColumns);
    if (!released) throw memberNotFound();
    return released;
  }),

  addAlias: staticProcedure.input(z.strictObject({ memberId: id, characterName, server })).mutation(async ({ ctx, input }) =>
    returned(
      await mapViolations(
        ctx.db
          .insert(characterAliases)
          .values({ staticId: ctx.staticId, memberId: input.memberId, characterName: input.characterName, server: input.server })
          .returning({ memberId: characterAliases.memberId, characterName: characterAliases.characterName, server: characterAliases.server }),
        {
          // The composite key (static_id, member_id) only matches a member of this static.
          foreignKey: memberNotFound,
          unique: () => conflict(`${input.characterName} (${input.server}) is already an alias of a roster member`),
        },
      ),
    ),
  ),

  removeAlias: staticProcedure.input(z.strictObject({ memberId: id, characterName, server })).mutation(async ({ ctx, input }) => {
    const removed = await ctx.db
      .delete(characterAliases)
      .where(
        and(
          eq(characterAliases.staticId, ctx.staticId),
          eq(characterAliases.memberId, input.memberId),
          eq(characterAliases.characterName, input.characterName),
          eq(characterAliases.server, input.server),
        ),
      )
      .returning({ memberId: characterAliases.memberId });
    if (removed.length === 0) throw notFound("Alias not found");
    return { removed: true as const };
  }),
} satisfies TRPCRouterRecord;
