import "server-only";
export {
  runAsTenant,
  currentTenantId,
  requireTenantId,
  isTenantId,
  MissingTenantContextError,
  TenantMismatchError,
  type TenantContext,
} from "./tenant-context";
