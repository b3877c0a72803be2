import "server-only";
export * from "./settings-schemas";
export * from "./provider-key-schemas";
export {
  loadBusinessSettings,
  updateBusinessProfile,
  replaceOpeningHours,
  addClosure,
  saveBusinessPage,
  removeClosure,
  previewOpenSlots,
  tenantRegion,
  type BusinessSettings,
  type DayPreview,
} from "./business-settings";
export { listServices, createService, updateService, deleteService, type ServiceRow } from "./service-catalog";
export { listProviderKeys, saveProviderKey, deleteProviderKey, providerWebhookUrls } from "./provider-keys";
export * from "./agent-profile-schemas";
export {
  loadAgentProfile,
  updateAgentPersona,
  listFaqEntries,
  createFaqEntry,
  updateFaqEntry,
  deleteFaqEntry,
  loadAgentMode,
  changeAgentMode,
  type AgentProfile,
  type FaqRow,
} from "./agent-profile";
export {
  recordingSettingsSchema,
  recordingSettingsOf,
  RECORDING_MAX_RETENTION_DAYS,
  RECORDING_DEFAULT_RETENTION_DAYS,
  type RecordingSettings,
} from "./recording-settings";
export { loadRecordingSettings, saveRecordingSettings } from "./recording-settings-store";
