import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { revokeWidgetKey, setAllowedOrigins } from "@/lib/channels/channel-route-admin";
import { allowedOriginsSchema } from "@/lib/channels/channel-route-schemas";
import { idParam } from "@/lib/console/route-params";

export const PATCH = withTenantUser<{ id: string }>({ action: "channels.manage" }, async (request, ctx, route) => {
  const id = await idParam(route.params, "widget key");
  return NextResponse.json(await setAllowedOrigins(ctx, id, await readJson(request, allowedOriginsSchema)));
});

/** Revokes (the row stays, listed as revoked, so the key's history remains readable). */
export const DELETE = withTenantUser<{ id: string }>({ action: "channels.manage" }, async (_request, ctx, route) => {
  await revokeWidgetKey(ctx, await idParam(route.params, "widget key"));
  return new Response(null, { status: 204 });
});
