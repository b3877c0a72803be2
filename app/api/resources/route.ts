import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { createResource, listResourceDetails, resourceCreateSchema } from "@/lib/resources";

// Everyone who reads the diary reads its columns; changing them is configuration.
export const GET = withTenantUser({ action: "appointments.view" }, async (_request, ctx) =>
  NextResponse.json({ resources: await listResourceDetails(ctx.db) }),
);

export const POST = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await createResource(ctx, await readJson(request, resourceCreateSchema)), { status: 201 }),
);
