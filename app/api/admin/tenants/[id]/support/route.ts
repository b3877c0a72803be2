import { NextResponse } from "next/server";
import { withPlatformAdmin } from "@/lib/auth";
import { startSupportMode, supportStartPurpose } from "@/lib/platform/support";

type Params = { id: string };

/** Admin host: opens support mode on one tenant; answers the URL that carries the admin to the tenant's host. */
export const POST = withPlatformAdmin<Params>({ purpose: supportStartPurpose }, async (request, ctx, route) =>
  NextResponse.json(await startSupportMode(request, ctx, await route.params), { status: 201, headers: { "cache-control": "no-store" } }),
);
