import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { clientSchema, eraseClient, getClientProfile, updateClient } from "@/lib/clients";
import { idParam } from "@/lib/console/route-params";
import { tenantRegion } from "@/lib/settings";

export const GET = withTenantUser<{ id: string }>({ action: "clients.view" }, async (_request, ctx, route) =>
  NextResponse.json(await getClientProfile(ctx.db, await idParam(route.params, "client"))),
);

export const PATCH = withTenantUser<{ id: string }>({ action: "clients.manage" }, async (request, ctx, route) => {
  const id = await idParam(route.params, "client");
  const input = await readJson(request, clientSchema(await tenantRegion(ctx.db)));
  return NextResponse.json(await updateClient(ctx, id, input));
});

/** Erases the client with their appointments and conversations (see lib/clients/client-erasure.ts). */
export const DELETE = withTenantUser<{ id: string }>({ action: "clients.manage" }, async (_request, ctx, route) => {
  const erased = await eraseClient(ctx, await idParam(route.params, "client"));
  return NextResponse.json({ erased });
});
