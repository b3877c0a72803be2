import { publicRoute } from "@/lib/http";
import { exitSupportMode } from "@/lib/platform/support";

/** Tenant host: the banner's Exit; ends the support session and goes back to the admin console. */
export const POST = publicRoute(exitSupportMode);
