import { adminSignOut } from "@/lib/auth/admin-routes";
import { publicRoute } from "@/lib/http";

export const POST = publicRoute(adminSignOut);
