import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { claimNumber } from "@/lib/channels/channel-route-admin";
import { claimNumberSchema } from "@/lib/channels/channel-route-schemas";
import { tenantRegion } from "@/lib/settings";

export const POST = withTenantUser({ action: "channels.manage" }, async (request, ctx) => {
  const input = await readJson(request, claimNumberSchema(await tenantRegion(ctx.db)));
  return NextResponse.json(await claimNumber(ctx, input), { status: 201 });
});
