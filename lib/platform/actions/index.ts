import "server-only";
export { ACTION_TABLE, TENANT_ACTIONS, tenantActionNamed, type ActionTableEntry } from "./action-table";
export { createActionLookup, type ActionLookup } from "./action-lookup";
export { reasonSchema, type ActionRequest, type ActionTenant, type TenantActionDefinition } from "./action-types";
export { parseActionInput, performPrepared, prepareProvision, prepareTenantAction, type PreparedAction } from "./perform-action";
export { provisionInput, type ProvisionInput } from "./provision";
export { loadTenantActionsView, type TenantActionsView } from "./actions-view";
