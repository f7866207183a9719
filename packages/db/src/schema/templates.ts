// Strat templates (migrations/0009_roles.sql): a static's strat config for one encounter,
// snapshotted as mechanic → role and notes (never a roster member). RLS: the bound static reads,
// publishes and unpublishes its own; every static reads the promoted ones. Only the admin
// functions promote. admin_log: the instance admins' calls, written by those functions alone.
import { LIMITS, type Role } from "@progboard/domain";
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { literal } from "./checks";
import { statics } from "./statics";

export interface TemplateEntry {
  mechanicRef: string;
  role: Role | null;
  notes: string | null;
}

export const stratTemplates = pgTable(
  "strat_templates",
  {
    staticId: integer("static_id")
      .notNull()
      .references(() => statics.id, { onDelete: "cascade" }),
    id: integer("id").generatedAlwaysAsIdentity(),
    encounterId: integer("encounter_id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    entries: jsonb("entries").$type<TemplateEntry[]>().notNull(),
    // The bound user, set by the database.
    publishedBy: integer("published_by").default(sql`NULLIF(current_setting('app.user_id', true), '')::integer`),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    promotedAt: timestamp("promoted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ name: "strat_templates_pkey", columns: [t.staticId, t.id] }),
    unique("strat_templates_id_key").on(t.id),
    uniqueIndex("strat_templates_name_key").on(t.staticId, t.encounterId, sql`lower(${t.name})`),
    index("strat_templates_promoted_idx").on(t.encounterId).where(sql`${t.promotedAt} IS NOT NULL`),
    check("strat_templates_name_length", sql`char_length(${t.name}) between 1 and ${literal(LIMITS.templateName.maxLength)}`),
    check("strat_templates_description_length", sql`char_length(${t.description}) <= ${literal(LIMITS.templateDescription.maxLength)}`),
    check(
      "strat_templates_entries_size",
      sql`jsonb_typeof(${t.entries}) = 'array' and jsonb_array_length(${t.entries}) <= ${literal(LIMITS.templateEntries.max)}`,
    ),
  ],
);

export const adminLog = pgTable("admin_log", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  adminUserId: integer("admin_user_id").notNull(),
  action: text("action").notNull(),
  details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
