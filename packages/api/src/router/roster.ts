// The roster (SPEC.md D): who plays in the static, on which job, and the FFLogs characters
// (aliases) that map report actors to them. A signed-in user can claim a member as themself.
import { characterAliases, rosterMembers, stratConfig, users } from "@progboard/db";
import { roleOfJob } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import { conflict, mapViolations, notFound, type Violations } from "../errors";
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

export const rosterRouter = {
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
