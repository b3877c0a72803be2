import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { createService, serviceSchema } from "@/lib/settings";

export const POST = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await createService(ctx, await readJson(request, serviceSchema)), { status: 201 }),
);
