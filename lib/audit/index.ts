export { recordAuditEvent, type AuditEntry } from "./record-audit-event";
export {
  ACTIVITY_PAGE_SIZE,
  ACTIVITY_PREFIXES,
  activityFiltersSchema,
  displayMetadata,
  listTenantActivity,
  type ActivityEntry,
  type ActivityFilters,
  type ActivityPage,
  type ActorKind,
} from "./tenant-activity";
