import { provisionRoute } from "@/lib/platform/actions/action-routes";

// Provisioning a tenant (lib/platform/actions/provision.ts).
export const POST = provisionRoute();
