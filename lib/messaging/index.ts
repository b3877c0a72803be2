import "server-only";
export { dispatchClientMessages, type DispatchSummary } from "./dispatch";
export { applyDeliveryStatus, type StatusApplied } from "./delivery-status";
export { optKeyword, recordOptOut, clearOptOut, type OptKeyword } from "./opt-outs";
export { signAppointmentLink, verifyAppointmentLink, appointmentLinkUrl, type AppointmentLinkClaims } from "./appointment-link";
export { readLinkedAppointment, applyLinkAction, linkActionSchema, type LinkedAppointment, type LinkActionResult } from "./appointment-link-actions";
export { reminderSettingsOf, reminderSettingsInput, reminderDueAt, type ReminderSettings } from "./reminder-settings";
export { loadReminderConsole, saveReminderSettings, type ReminderConsole } from "./reminder-config";
