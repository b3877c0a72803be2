export * from "./settings-schemas";
export * from "./provider-key-schemas";
export {
  loadBusinessSettings,
  updateBusinessProfile,
  replaceOpeningHours,
  addClosure,
  removeClosure,
  previewOpenSlots,
  tenantRegion,
  auditConsoleChange,
  type BusinessSettings,
  type DayPreview,
} from "./business-settings";
export { listServices, createService, updateService, deleteService, type ServiceRow } from "./service-catalog";
export { listProviderKeys, saveProviderKey, deleteProviderKey, providerWebhookUrls } from "./provider-keys";
