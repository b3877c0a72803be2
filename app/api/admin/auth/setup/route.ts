import { adminSetup } from "@/lib/auth/admin-routes";
import { publicRoute } from "@/lib/http";

/** Admin host: the one-time link from `npm run admin:create` sets the password. */
export const POST = publicRoute(adminSetup);
