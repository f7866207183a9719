export {
  type AdminTemplateRow,
  API_KEY_ERRORS,
  adminListTemplates,
  adminSetTemplatePromoted,
  clearFflogsCredentialsAs,
  createApiKeyAs,
  type NewApiKeyRow,
  NOT_AN_ADMIN,
  revokeApiKeyAs,
  setFflogsCredentialsAs,
} from "./admin";
export { createDb, type DbHandle, type DbOptions } from "./client";
export { copyField, copyFromChunks, copyJsonField, endStream, parseCopyLine, writeWithBackpressure } from "./copy";
export {
  type Database,
  type DbTimeouts,
  DEFAULT_TIMEOUTS,
  MIGRATIONS_FOLDER,
  type Prelude,
  queryRows,
  REQUEST_ROLE,
  type RunOptions,
  type Schema,
  type TransactionDb,
} from "./database";
export { DATABASE_UNAVAILABLE, isDatabaseUnavailable, isForeignKeyViolation, isUniqueViolation, sqlState } from "./errors";
export { canCopy, copyRows, copyTarget, type IngestDb, type WithIngestion } from "./ingestion";
export {
  addMemberAs,
  createStaticAs,
  deleteStaticAs,
  joinDefaultStatic,
  MEMBERSHIP_ERRORS,
  type RemovalOutcome,
  removeMemberAs,
  renameStaticAs,
  setMemberRoleAs,
} from "./memberships";
export { STATIC_SCOPED_TABLES, TABLE_REGISTRY, type TableClass, tableClassOf } from "./registry";
export * from "./schema";
export {
  createGrantAs,
  type IncomingReportName,
  incomingReportNames,
  type OpenedGrant,
  openGrant,
  revokeGrantAs,
  rotateShareHandleAs,
  SHARING_ERRORS,
} from "./sharing";
export {
  apiKeyCredential,
  assertCredential,
  bindStatement,
  CREDENTIAL_REFUSED,
  type Credential,
  CredentialRefusedError,
  DEMO_BIND_STATEMENT,
  DemoBindError,
  type DemoDb,
  GrantBindError,
  type GrantDb,
  type GrantReader,
  grantBindStatement,
  type ScopedReadDb,
  sessionCredential,
  type Tenant,
  TenantBindError,
  type TenantDb,
  type WithDemo,
  type WithDemoSeed,
  type WithGrant,
  type WithTenant,
  type WithWorkerTenant,
  type WorkerTenant,
  workerBindStatement,
} from "./tenancy";
