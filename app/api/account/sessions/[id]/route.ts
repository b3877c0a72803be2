import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth";
import { endAccountSession, sessionIdSchema } from "@/lib/auth/account-sessions";

/** "Sign out this session": another session of the caller's own account. */
export const DELETE = withTenantUser<{ id: string }>({ action: "account.security" }, async (_request, ctx, route) => {
  await endAccountSession(ctx, sessionIdSchema.parse((await route.params).id));
  return new NextResponse(null, { status: 204 });
});
