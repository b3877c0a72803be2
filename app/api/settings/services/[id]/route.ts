import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { idParam } from "@/lib/console/route-params";
import { deleteService, serviceSchema, updateService } from "@/lib/settings";

export const PATCH = withTenantUser<{ id: string }>({ action: "settings.manage" }, async (request, ctx, route) => {
  const id = await idParam(route.params, "service");
  return NextResponse.json(await updateService(ctx, id, await readJson(request, serviceSchema)));
});

export const DELETE = withTenantUser<{ id: string }>({ action: "settings.manage" }, async (_request, ctx, route) => {
  await deleteService(ctx, await idParam(route.params, "service"));
  return new Response(null, { status: 204 });
});
