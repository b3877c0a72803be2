import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { agentPersonaSchema, updateAgentPersona } from "@/lib/settings";

export const PATCH = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await updateAgentPersona(ctx, await readJson(request, agentPersonaSchema))),
);
