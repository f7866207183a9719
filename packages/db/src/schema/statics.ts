// Tenancy tables: the static (tenant) itself and who belongs to it, with each member's role. Read by
// the membership service in packages/api; written only through the SECURITY DEFINER functions of
// migrations/0009_roles.sql (packages/db/src/memberships.ts), which check the caller's rights.
import { LIMITS } from "@progboard/domain";
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
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
  },
  (t) => [check("statics_name_length", sql`char_length(${t.name}) between 1 and ${literal(LIMITS.staticName.maxLength)}`)],
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
