import { withTenantUser } from "@/lib/auth";
import { releaseNumber } from "@/lib/channels/channel-route-admin";
import { idParam } from "@/lib/console/route-params";

export const DELETE = withTenantUser<{ id: string }>({ action: "channels.manage" }, async (_request, ctx, route) => {
  await releaseNumber(ctx, await idParam(route.params, "number"));
  return new Response(null, { status: 204 });
});
