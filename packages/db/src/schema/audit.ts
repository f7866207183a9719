// The audit log: what happened in a static, for its members. Static-scoped (RLS like every scoped
// table) and append-only, which PostgreSQL enforces (migrations/0009_roles.sql): no request role
// may UPDATE, DELETE or TRUNCATE it, and triggers refuse those to anyone else. In a bound
// transaction the actor is the bound user whatever the insert says.
import { LIMITS } from "@progboard/domain";
import { sql } from "drizzle-orm";
import { bigint, check, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { literal } from "./checks";
import { statics } from "./statics";

export const auditLog = pgTable(
  "audit_log",
  {
    staticId: integer("static_id")
      .notNull()
      .references(() => statics.id, { onDelete: "cascade" }),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    // No foreign key: an entry outlives its actor's account.
    actorUserId: integer("actor_user_id"),
    action: text("action").notNull(),
    /** What the action was about, in words at the time (a username, a static's new name). */
    subject: text("subject"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "audit_log_pkey", columns: [t.staticId, t.id] }),
    check(
      "audit_log_action_format",
      sql`${t.action} ~ '^[a-z]+(\\.[a-z_]+)+$' and char_length(${t.action}) <= ${literal(LIMITS.auditAction.maxLength)}`,
    ),
    check("audit_log_subject_length", sql`char_length(${t.subject}) <= ${literal(LIMITS.auditSubject.maxLength)}`),
    check("audit_log_details_size", sql`pg_column_size(${t.details}) <= ${literal(LIMITS.auditDetails.maxBytes)}`),
  ],
);
