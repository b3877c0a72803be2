import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { createWidgetKey } from "@/lib/channels/channel-route-admin";
import { createWidgetKeySchema } from "@/lib/channels/channel-route-schemas";

export const POST = withTenantUser({ action: "channels.manage" }, async (request, ctx) =>
  NextResponse.json(await createWidgetKey(ctx, await readJson(request, createWidgetKeySchema)), {
    status: 201,
    headers: { "cache-control": "no-store" },
  }),
);
