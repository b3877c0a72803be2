import { withTenantUser } from "@/lib/auth";
import { idSchema, revokeInvitation } from "@/lib/auth/team";

export const DELETE = withTenantUser<{ id: string }>({ action: "team.invite" }, async (_request, ctx, route) => {
  const id = idSchema.parse((await route.params).id);
  await revokeInvitation(ctx, id);
  return new Response(null, { status: 204 });
});
