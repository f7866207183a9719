// Tenancy tables: the static (tenant) itself and who belongs to it, with each member's role. Read by
// the membership service in packages/api; written only through the SECURITY DEFINER functions of
// migrations/0009_roles.sql (packages/db/src/memberships.ts), which check the caller's rights.
import { LIMITS } from "@progboard/domain";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { literal } from "./checks";
import { users } from "./identity";

export const MEMBERSHIP_ROLES = ["owner", "member"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const statics = pgTable(
  "statics",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull().default("UTC"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Names the static as a grantee: `st_` and 20 base32 characters (100 random bits); rotatable (migrations/0010). */
    shareHandle: text("share_handle").notNull().default(sql`app.new_share_handle()`),
    /** The demo static (migrations/0012): at most one, no members, read by anyone through withDemo. */
    isDemo: boolean("is_demo").notNull().default(false),
    /** When the demo static's seeding finished; after that nothing can write to it. */
    seededAt: timestamp("seeded_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    check("statics_name_length", sql`char_length(${t.name}) between 1 and ${literal(LIMITS.staticName.maxLength)}`),
    check("statics_share_handle_format", sql`${t.shareHandle} ~ '^st_[a-z2-7]{20}$'`),
    uniqueIndex("statics_share_handle_key").on(t.shareHandle),
    uniqueIndex("statics_one_demo").on(t.isDemo).where(sql`${t.isDemo}`),
  ],
);

export const staticMemberships = pgTable(
  "static_memberships",
  {
    staticId: integer("static_id")
      .notNull()
      .references(() => statics.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Owners rename and delete the static, remove members and change roles (migrations/0009). */
    role: text("role").$type<MembershipRole>().notNull().default("member"),
  },
  (t) => [
    primaryKey({ name: "static_memberships_pkey", columns: [t.staticId, t.userId] }),
    index("static_memberships_user_idx").on(t.userId),
    check("static_memberships_role_known", sql`${t.role} in ('owner', 'member')`),
  ],
);

/**
 * Read-only access one static (the granter) gives another (the grantee): one report or all of its
 * progression. Never deleted: revoking sets revoked_at. Read and written by the sharing service;
 * grantee-mode transactions are bound through it by app.bind_grant (migrations/0010).
 */
export const staticGrants = pgTable(
  "static_grants",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    granterStaticId: integer("granter_static_id")
      .notNull()
      .references(() => statics.id, { onDelete: "cascade" }),
    granteeStaticId: integer("grantee_static_id")
      .notNull()
      .references(() => statics.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: ["report", "progression"] }).notNull(),
    reportCode: text("report_code"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    revokedBy: integer("revoked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("static_grants_scope", sql`${t.scope} in ('report', 'progression')`),
    check("static_grants_report_code", sql`(${t.scope} = 'report') = (${t.reportCode} is not null)`),
    check("static_grants_report_code_length", sql`char_length(${t.reportCode}) between 6 and 80 and position('/' in ${t.reportCode}) = 0`),
    check("static_grants_not_self", sql`${t.granterStaticId} <> ${t.granteeStaticId}`),
    check("static_grants_revoked_by", sql`${t.revokedAt} is not null or ${t.revokedBy} is null`),
    uniqueIndex("static_grants_active_key")
      .on(t.granterStaticId, t.granteeStaticId, t.scope, sql`coalesce(${t.reportCode}, '')`)
      .where(sql`${t.revokedAt} is null`),
    index("static_grants_grantee_idx").on(t.granteeStaticId).where(sql`${t.revokedAt} is null`),
  ],
);

/** Shared reads seen per (grant, reader, procedure, hour): the hourly audit rule (migrations/0010). Definer-only. */
export const staticGrantReads = pgTable(
  "static_grant_reads",
  {
    grantId: integer("grant_id")
      .notNull()
      .references(() => staticGrants.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull(),
    procedure: text("procedure").notNull(),
    hour: timestamp("hour", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ name: "static_grant_reads_pkey", columns: [t.grantId, t.userId, t.procedure, t.hour] })],
);
