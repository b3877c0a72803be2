import { adminSignIn } from "@/lib/auth/admin-routes";
import { publicRoute } from "@/lib/http";

/** Admin host: email, password and (once set up) a second-factor code. */
export const POST = publicRoute(adminSignIn);
