export { recordAuditEvent, type AuditEntry } from "./record-audit-event";
