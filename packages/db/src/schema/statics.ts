// Tenancy tables: the static (tenant) itself and who belongs to it. Read and written only
// through the membership service in packages/api, which checks membership itself.
import { LIMITS } from "@progboard/domain";
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { literal } from "./checks";
import { users } from "./identity";

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
  },
  (t) => [primaryKey({ name: "static_memberships_pkey", columns: [t.staticId, t.userId] }), index("static_memberships_user_idx").on(t.userId)],
);
