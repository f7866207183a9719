export * from "./schema";
export { createDb, queryRows, REQUEST_ROLE, MIGRATIONS_FOLDER, type Database, type DbHandle, type DbOptions, type Schema } from "./client";
export { copyField, copyFromChunks, copyJsonField, endStream, parseCopyLine, writeWithBackpressure } from "./copy";
export { isUniqueViolation, isForeignKeyViolation } from "./errors";
export { withTenant, bindStatement, TenantBindError, type RunOptions, type Tenant, type TenantDb } from "./tenancy";
export { TABLE_REGISTRY, STATIC_SCOPED_TABLES, tableClassOf, type TableClass } from "./registry";
export { canCopy, copyRows, withIngestion, type IngestDb } from "./ingestion";
