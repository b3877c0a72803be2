import "server-only";
export { tenantDb, platformAccess } from "./app-database";
export type { TenantDb } from "./tenant-db";
export type { PlatformActor, PlatformPurpose, PlatformDb } from "./platform-db";
export { MissingTenantContextError, TenantMismatchError } from "../tenancy";
