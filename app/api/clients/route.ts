import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { clientSchema, clientSearchSchema, createClient, searchClients } from "@/lib/clients";
import { tenantRegion } from "@/lib/settings";
import { readQuery } from "@/lib/http";

/** `?q=` matches a name, an email, or a phone number typed in any common format. */
export const GET = withTenantUser({ action: "clients.view" }, async (request, ctx) => {
  const { q } = readQuery(request.nextUrl.searchParams, clientSearchSchema);
  return NextResponse.json({ clients: await searchClients(ctx.db, q, await tenantRegion(ctx.db)) });
});

export const POST = withTenantUser({ action: "clients.manage" }, async (request, ctx) => {
  const input = await readJson(request, clientSchema(await tenantRegion(ctx.db)));
  return NextResponse.json(await createClient(ctx, input), { status: 201 });
});
