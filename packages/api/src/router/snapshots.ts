// Saved nights (SPEC.md I, issue 16): the Night page's report stored as a versioned JSON document,
// read back exactly as saved whatever the raw data or the report's ingestion does later. A
// document of a newer schema version than this code knows is refused in words, never drawn wrong.
import type { NightReport } from "@progboard/analysis";
import { nightSnapshots, users } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError, notFound } from "../errors";
import { ownerProcedure, staticProcedure } from "../trpc";
import { loadNight, sessionScope } from "./analysis";
import { encounterId, id, returned } from "./inputs";

/** The document's schema version this code writes and reads. */
export const NIGHT_SNAPSHOT_VERSION = 1;

export interface NightSnapshotDocument {
  kind: "progboard.night";
  schemaVersion: typeof NIGHT_SNAPSHOT_VERSION;
  /** ISO 8601, UTC. */
  savedAt: string;
  encounterId: number;
  encounterName: string | null;
  night: NightReport;
}

const listColumns = {
  id: nightSnapshots.id,
  name: nightSnapshots.name,
  encounterId: nightSnapshots.encounterId,
  sessionKey: nightSnapshots.sessionKey,
  schemaVersion: nightSnapshots.schemaVersion,
  createdAt: nightSnapshots.createdAt,
  createdBy: users.username,
};

/** Whether this code can show a stored document, and if not why, in words. */
export function readSnapshot(
  schemaVersion: number,
  document: unknown,
): { readable: true; document: NightSnapshotDocument } | { readable: false; message: string } {
  const version = typeof document === "object" && document !== null ? (document as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (schemaVersion > NIGHT_SNAPSHOT_VERSION || (typeof version === "number" && version > NIGHT_SNAPSHOT_VERSION))
    return {
      readable: false,
      message: `This snapshot was saved by a newer progboard (schema version ${Math.max(schemaVersion, typeof version === "number" ? version : 0)}; this one reads version ${NIGHT_SNAPSHOT_VERSION}). It is kept as it is and can be downloaded, but not shown here.`,
    };
  if (version !== NIGHT_SNAPSHOT_VERSION || (document as { kind?: unknown }).kind !== "progboard.night")
    return { readable: false, message: "This snapshot is not a saved night this progboard can read (unknown schema version or kind)." };
  return { readable: true, document: document as NightSnapshotDocument };
}

export const snapshotsRouter = {
  /** The static's saved nights, newest first (optionally of one encounter). */
  list: staticProcedure.input(z.strictObject({ encounterId: encounterId.optional() })).query(({ ctx, input }) =>
    ctx.db
      .select(listColumns)
      .from(nightSnapshots)
      .leftJoin(users, eq(users.id, nightSnapshots.createdBy))
      .where(
        and(
          eq(nightSnapshots.staticId, ctx.staticId),
          input.encounterId === undefined ? undefined : eq(nightSnapshots.encounterId, input.encounterId),
        ),
      )
      .orderBy(desc(nightSnapshots.createdAt), desc(nightSnapshots.id))
      .limit(500),
  ),

  /** One saved night as stored: its document when this code can read it, else why not, in words (and the raw document, for download). */
  byId: staticProcedure.input(z.strictObject({ id })).query(async ({ ctx, input }) => {
    const [row] = await ctx.db
      .select({ ...listColumns, document: nightSnapshots.document })
      .from(nightSnapshots)
      .leftJoin(users, eq(users.id, nightSnapshots.createdBy))
      .where(and(eq(nightSnapshots.staticId, ctx.staticId), eq(nightSnapshots.id, input.id)));
    if (!row) throw notFound("No such snapshot");
    const { document, ...meta } = row;
    const read = readSnapshot(row.schemaVersion, document);
    return read.readable ? { ...meta, ...read, raw: document } : { ...meta, ...read, document: null, raw: document };
  }),

  /** "Save this night": the Night page's report of the session, as it is now. */
  create: staticProcedure
    .input(sessionScope.extend({ name: z.string().trim().min(1).max(LIMITS.snapshotName.maxLength).optional() }))
    .mutation(async ({ ctx, input }) => {
      const { name, ...scope } = input;
      const night = await loadNight(ctx, scope);
      const encounterName = night.session.pulls[0]?.name ?? null;
      const document: NightSnapshotDocument = {
        kind: "progboard.night",
        schemaVersion: NIGHT_SNAPSHOT_VERSION,
        savedAt: new Date().toISOString(),
        encounterId: input.encounterId,
        encounterName,
        night,
      };
      const bytes = Buffer.byteLength(JSON.stringify(document));
      if (bytes > LIMITS.snapshotDocument.maxBytes)
        throw new ApiError(
          "BAD_REQUEST",
          `This night is too large to save (${(bytes / 1048576).toFixed(1)} MB; at most ${LIMITS.snapshotDocument.maxBytes / 1048576} MB).`,
        );
      const defaultName = `${night.sessionLabel}${encounterName ? ` – ${encounterName}` : ""}`.slice(0, LIMITS.snapshotName.maxLength);
      return returned(
        await ctx.db
          .insert(nightSnapshots)
          .values({
            staticId: ctx.staticId,
            encounterId: input.encounterId,
            sessionKey: input.session,
            name: name ?? defaultName,
            schemaVersion: NIGHT_SNAPSHOT_VERSION,
            document,
            createdBy: ctx.user.id,
          })
          .returning({ id: nightSnapshots.id, name: nightSnapshots.name, createdAt: nightSnapshots.createdAt }),
      );
    }),

  /** Deletes a saved night: owners only (a member gets FORBIDDEN in words). */
  remove: ownerProcedure
    .meta({ ownerAction: "delete saved nights" })
    .input(z.strictObject({ id }))
    .mutation(async ({ ctx, input }) => {
      const removed = await ctx.db
        .delete(nightSnapshots)
        .where(and(eq(nightSnapshots.staticId, ctx.staticId), eq(nightSnapshots.id, input.id)))
        .returning({ id: nightSnapshots.id });
      if (removed.length === 0) throw notFound("No such snapshot");
      return { removed: true as const };
    }),
} satisfies TRPCRouterRecord;
