export * from "./schema";
export { createDb, type DbHandle, type DbOptions } from "./client";
export { queryRows, REQUEST_ROLE, MIGRATIONS_FOLDER, type Database, type RunOptions, type Schema } from "./database";
export { copyField, copyFromChunks, copyJsonField, endStream, parseCopyLine, writeWithBackpressure } from "./copy";
export { isUniqueViolation, isForeignKeyViolation } from "./errors";
export { bindStatement, TenantBindError, type Tenant, type TenantDb, type WithTenant } from "./tenancy";
export { TABLE_REGISTRY, STATIC_SCOPED_TABLES, tableClassOf, type TableClass } from "./registry";
export { canCopy, copyRows, type IngestDb, type WithIngestion } from "./ingestion";
