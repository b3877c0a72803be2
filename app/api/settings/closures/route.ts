import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { addClosure, closureSchema } from "@/lib/settings";

export const POST = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await addClosure(ctx, await readJson(request, closureSchema)), { status: 201 }),
);
