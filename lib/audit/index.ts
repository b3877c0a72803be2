import "server-only";
export { recordAuditEvent, type AuditEntry } from "./record-audit-event";
export {
  ACTIVITY_PAGE_SIZE,
  ACTIVITY_PREFIXES,
  activityFiltersSchema,
  listTenantActivity,
  type ActivityEntry,
  type ActivityFilters,
  type ActivityPage,
  type ActivityReadOptions,
  type ActorKind,
} from "./tenant-activity";
