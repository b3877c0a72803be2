import "server-only";
export { tenantDb, platformAccess, closeAppDatabases } from "./app-database";
export { checkReadiness, type Readiness } from "./readiness";
export { isDatabaseUnavailable } from "./database-errors";
export { releaseAfter } from "./connection-guard";
export type { TenantDb } from "./tenant-db";
export type { PlatformActor, PlatformPurpose, PlatformDb } from "./platform-db";
export { MissingTenantContextError, TenantMismatchError } from "../tenancy";
