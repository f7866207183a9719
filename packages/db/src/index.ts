export * from "./schema";
export { createDb, queryRows, REQUEST_ROLE, MIGRATIONS_FOLDER, type Database, type DbHandle, type DbOptions, type Schema } from "./client";
export { isUniqueViolation, isForeignKeyViolation } from "./errors";
