import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { changeMemberRole, changeRoleSchema, idSchema, removeMember } from "@/lib/auth/team";

export const PATCH = withTenantUser<{ id: string }>({ action: "team.manage" }, async (request, ctx, route) => {
  const id = idSchema.parse((await route.params).id);
  const { role } = await readJson(request, changeRoleSchema);
  return NextResponse.json(await changeMemberRole(ctx, id, role));
});

export const DELETE = withTenantUser<{ id: string }>({ action: "team.manage" }, async (_request, ctx, route) => {
  const id = idSchema.parse((await route.params).id);
  await removeMember(ctx, id);
  return new Response(null, { status: 204 });
});
