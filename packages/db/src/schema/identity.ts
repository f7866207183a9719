// Identity tables: owned by the auth layer (Better Auth writes them), no static_id.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { statics } from "./statics";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    // Better Auth's username plugin stores the normalized (lowercase) form here.
    username: text("username").notNull(),
    displayUsername: text("display_username"),
    // Better Auth's required `name`; shown as the display name.
    displayName: text("display_name").notNull(),
    email: text("email").notNull(),
    // Lowercase, gmail dots and +tags removed: one mailbox, one account.
    emailCanonical: text("email_canonical").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    timezone: text("timezone").notNull().default("UTC"),
    preferences: jsonb("preferences").$type<Record<string, unknown>>().notNull().default({}),
    phone: text("phone"),
    currentStaticId: integer("current_static_id").references(() => statics.id, { onDelete: "set null" }),
    isAdmin: boolean("is_admin").notNull().default(false),
    // Set on the first request the API sees from this user (auto-join happens then).
    provisionedAt: timestamp("provisioned_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_username_key").on(sql`lower(${t.username})`),
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_email_canonical_key").on(t.emailCanonical),
    check("users_phone_e164", sql`${t.phone} is null or ${t.phone} ~ '^\\+[1-9][0-9]{1,14}$'`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    token: text("token").notNull().unique("sessions_token_key"),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true, mode: "date" }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true, mode: "date" }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("accounts_user_id_idx").on(t.userId)],
);

export const verifications = pgTable(
  "verifications",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

/**
 * API keys (migrations/0014): only a key's SHA-256 is stored. The request role can insert a hash
 * but never read one back; a key is looked up by app.resolve_api_key alone.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The key's first characters, to tell keys apart in a list. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique("api_keys_key_hash_key"),
    /** Limited to this static when set. */
    staticId: integer("static_id").references(() => statics.id, { onDelete: "cascade" }),
    readOnly: boolean("read_only").notNull().default(false),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("api_keys_user_id_idx").on(t.userId),
    check("api_keys_name_length", sql`char_length(${t.name}) between 1 and 80`),
    check("api_keys_key_hash_sha256", sql`${t.keyHash} ~ '^[0-9a-f]{64}$'`),
  ],
);
