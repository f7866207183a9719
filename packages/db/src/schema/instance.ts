// Instance settings: one row per setting, written by instance admins through the API. The FFLogs
// client secret is write-only to the request role (column grants, migrations/0011): no query a
// request runs can read it back; ingestion reads it through app.fflogs_credentials().
import { LIMITS } from "@progboard/domain";
import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { literal } from "./checks";
import { users } from "./identity";

export const fflogsCredentials = pgTable(
  "fflogs_credentials",
  {
    onlyRow: boolean("only_row").notNull().default(true),
    clientId: text("client_id").notNull(),
    clientSecret: text("client_secret").notNull(),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "fflogs_credentials_pkey", columns: [t.onlyRow] }),
    check("fflogs_credentials_one_row", sql`${t.onlyRow}`),
    check("fflogs_credentials_client_id_length", sql`char_length(${t.clientId}) between 1 and ${literal(LIMITS.fflogsClientId.maxLength)}`),
    check(
      "fflogs_credentials_client_secret_length",
      sql`char_length(${t.clientSecret}) between 1 and ${literal(LIMITS.fflogsClientSecret.maxLength)}`,
    ),
  ],
);
