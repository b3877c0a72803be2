import "server-only";
export {
  listResourceSummaries,
  listResourceDetails,
  readResourceDetail,
  loadResourceChoices,
  loadBusinessIntervals,
  resourceOfMember,
  listResourceColumns,
  type ResourceColumn,
  type ResourceSummary,
  type ResourceDetail,
  type ResourceChoices,
} from "./resource-directory";
export { createResource, saveResource, deleteResource, reorderResources, resourceSaveSchema, resourceCreateSchema } from "./resource-admin";
export { resourceOrderSchema } from "./resource-schemas";
