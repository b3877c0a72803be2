import { tenantActionRoute } from "@/lib/platform/actions/action-routes";

// One entry for every action of the table (lib/platform/actions/action-table.ts).
export const POST = tenantActionRoute();
