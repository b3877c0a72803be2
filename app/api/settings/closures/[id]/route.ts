import { withTenantUser } from "@/lib/auth";
import { idParam } from "@/lib/console/route-params";
import { removeClosure } from "@/lib/settings";

export const DELETE = withTenantUser<{ id: string }>({ action: "settings.manage" }, async (_request, ctx, route) => {
  await removeClosure(ctx, await idParam(route.params, "closure"));
  return new Response(null, { status: 204 });
});
