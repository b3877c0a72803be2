import { publicRoute } from "@/lib/http";
import { enterSupportMode } from "@/lib/platform/support";

/** Tenant host: redeems a support ticket from the admin console and sets the support cookie. */
export const GET = publicRoute(enterSupportMode);
