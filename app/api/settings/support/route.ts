import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { setSupportWritesAllowed, supportSettingSchema } from "@/lib/platform/support";

/** The owner: whether Frontdesk support may make changes while in support mode. */
export const PUT = withTenantUser({ action: "security.manage" }, async (request, ctx) =>
  NextResponse.json(await setSupportWritesAllowed(ctx, await readJson(request, supportSettingSchema))),
);
