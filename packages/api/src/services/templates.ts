// Strat templates: a static publishes its strat config for an encounter as a template (mechanic →
// role and notes; a mechanic assigned to a roster member becomes unassigned, since members belong
// to their static), copies a template into its own config, and unpublishes its own. A template
// is visible to its static until an instance admin promotes it; then every static sees it (RLS:
// migrations/0009_roles.sql). Admins moderate through definer functions that show templates and
// nothing else of any static.
import {
  adminListTemplates,
  adminSetTemplatePromoted,
  type Credential,
  type Database,
  isUniqueViolation,
  NOT_AN_ADMIN,
  sqlState,
  stratConfig,
  stratTemplates,
  type TemplateEntry,
  type TenantDb,
} from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import { and, asc, desc, eq, isNotNull, or, sql } from "drizzle-orm";
import { ApiError, conflict, notFound } from "../errors";
import { recordAudit } from "./audit";

const templateNotFound = () => notFound("Template not found");

const listColumns = {
  id: stratTemplates.id,
  encounterId: stratTemplates.encounterId,
  name: stratTemplates.name,
  description: stratTemplates.description,
  entries: stratTemplates.entries,
  publishedAt: stratTemplates.publishedAt,
  promotedAt: stratTemplates.promotedAt,
  mine: sql<boolean>`${stratTemplates.staticId} = (select app.require_static_id())`,
};

/** Snapshots the static's strat config for an encounter as a template. */
export async function publishTemplate(
  tx: TenantDb,
  staticId: number,
  input: { encounterId: number; name: string; description?: string | null | undefined },
) {
  const rows = await tx
    .select({ mechanicRef: stratConfig.mechanicRef, role: stratConfig.role, notes: stratConfig.notes })
    .from(stratConfig)
    .where(and(eq(stratConfig.staticId, staticId), eq(stratConfig.encounterId, input.encounterId)))
    .orderBy(asc(stratConfig.mechanicRef))
    .limit(LIMITS.templateEntries.max + 1);
  if (rows.length === 0) throw notFound("This static has no strats for that encounter to publish");
  if (rows.length > LIMITS.templateEntries.max) {
    throw new ApiError("BAD_REQUEST", `A template holds at most ${LIMITS.templateEntries.max} mechanics; this encounter has more`);
  }
  // Roster members are the static's own: only the role and the notes travel.
  const entries: TemplateEntry[] = rows.map((row) => ({ mechanicRef: row.mechanicRef, role: row.role ?? null, notes: row.notes ?? null }));
  let created: { id: number } | undefined;
  try {
    [created] = await tx
      .insert(stratTemplates)
      .values({ staticId, encounterId: input.encounterId, name: input.name, description: input.description ?? null, entries })
      .returning({ id: stratTemplates.id });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`This static already has a template named ${input.name} for that encounter`);
    throw error;
  }
  if (!created) throw new Error("insert into strat_templates returned nothing");
  await recordAudit(tx, {
    staticId,
    action: "template.published",
    subject: input.name,
    details: { templateId: created.id, encounterId: input.encounterId, mechanics: entries.length },
  });
  return { templateId: created.id, mechanics: entries.length };
}

/** The static's own templates and every promoted one, optionally for one encounter. */
export function listTemplates(tx: TenantDb, staticId: number, encounterId: number | undefined) {
  return tx
    .select(listColumns)
    .from(stratTemplates)
    .where(
      and(
        // RLS says the same: ours, or promoted.
        or(eq(stratTemplates.staticId, staticId), isNotNull(stratTemplates.promotedAt)),
        encounterId === undefined ? undefined : eq(stratTemplates.encounterId, encounterId),
      ),
    )
    .orderBy(desc(stratTemplates.publishedAt), desc(stratTemplates.id))
    .limit(500);
}

/**
 * Copies a template into the static's strat config for its encounter. `replace` removes the
 * encounter's strats first; `merge` adds the mechanics the static has no strat for and keeps
 * every one it has. Copied mechanics are assigned to a role (or unassigned), never a member.
 */
export async function copyTemplate(tx: TenantDb, staticId: number, templateId: number, mode: "merge" | "replace") {
  const [template] = await tx
    .select({ encounterId: stratTemplates.encounterId, entries: stratTemplates.entries })
    .from(stratTemplates)
    .where(and(eq(stratTemplates.id, templateId), or(eq(stratTemplates.staticId, staticId), isNotNull(stratTemplates.promotedAt))));
  if (!template) throw templateNotFound();
  if (mode === "replace") {
    await tx.delete(stratConfig).where(and(eq(stratConfig.staticId, staticId), eq(stratConfig.encounterId, template.encounterId)));
  }
  const values = template.entries.slice(0, LIMITS.templateEntries.max).map((entry) => ({
    staticId,
    encounterId: template.encounterId,
    mechanicRef: entry.mechanicRef,
    role: entry.role,
    memberId: null,
    notes: entry.notes,
  }));
  const added =
    values.length === 0 ? [] : await tx.insert(stratConfig).values(values).onConflictDoNothing().returning({ mechanicRef: stratConfig.mechanicRef });
  return { encounterId: template.encounterId, added: added.length, kept: values.length - added.length };
}

/** Removes one of the static's own templates (promoted or not). */
export async function unpublishTemplate(tx: TenantDb, staticId: number, templateId: number) {
  const [removed] = await tx
    .delete(stratTemplates)
    .where(and(eq(stratTemplates.id, templateId), eq(stratTemplates.staticId, staticId)))
    .returning({ name: stratTemplates.name, encounterId: stratTemplates.encounterId });
  if (!removed) throw templateNotFound();
  await recordAudit(tx, {
    staticId,
    action: "template.unpublished",
    subject: removed.name,
    details: { templateId, encounterId: removed.encounterId },
  });
  return { unpublished: true as const };
}

async function asAdmin<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (sqlState(error) === NOT_AN_ADMIN) throw new ApiError("FORBIDDEN", "Only an administrator of this instance can do that");
    throw error;
  }
}

/** Every published template, for an instance admin (the call is recorded in the admin log). */
export async function listTemplatesForAdmin(db: Database, admin: Credential) {
  const rows = await asAdmin(adminListTemplates(db, admin));
  return rows.map((row) => ({
    id: row.id,
    encounterId: row.encounter_id,
    name: row.name,
    description: row.description,
    entries: row.entries,
    publishedAt: new Date(row.published_at),
    promotedAt: row.promoted_at === null ? null : new Date(row.promoted_at),
  }));
}

export async function setTemplatePromoted(db: Database, admin: Credential, templateId: number, promoted: boolean) {
  const found = await asAdmin(adminSetTemplatePromoted(db, admin, templateId, promoted));
  if (!found) throw templateNotFound();
  return { templateId, promoted };
}
