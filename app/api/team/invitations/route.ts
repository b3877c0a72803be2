import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { inviteMember, inviteSchema, listTeam } from "@/lib/auth/team";
import { apexOrigin } from "@/lib/tenancy/tenant-host";

export const GET = withTenantUser({ action: "team.view" }, async (_request, ctx) => NextResponse.json(await listTeam(ctx)));

export const POST = withTenantUser({ action: "team.invite" }, async (request, ctx) => {
  const input = await readJson(request, inviteSchema);
  const invitation = await inviteMember(ctx, input, apexOrigin(request.headers));
  return NextResponse.json(invitation, { status: 201 });
});
