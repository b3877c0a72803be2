import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { idParam } from "@/lib/console/route-params";
import { deleteResource, readResourceDetail, resourceSaveSchema, saveResource } from "@/lib/resources";

export const GET = withTenantUser<{ id: string }>({ action: "appointments.view" }, async (_request, ctx, route) =>
  NextResponse.json(await readResourceDetail(ctx.db, await idParam(route.params, "person or room"))),
);

/** The whole resource at once: details, services, weekly hours and days off. */
export const PUT = withTenantUser<{ id: string }>({ action: "settings.manage" }, async (request, ctx, route) => {
  const id = await idParam(route.params, "person or room");
  const input = await readJson(request, await resourceSaveSchema(ctx.db));
  return NextResponse.json(await saveResource(ctx, id, input));
});

export const DELETE = withTenantUser<{ id: string }>({ action: "settings.manage" }, async (_request, ctx, route) => {
  await deleteResource(ctx, await idParam(route.params, "person or room"));
  return new Response(null, { status: 204 });
});
