import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { agentModeSchema, changeAgentMode } from "@/lib/settings";

export const PUT = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await changeAgentMode(ctx, await readJson(request, agentModeSchema))),
);
