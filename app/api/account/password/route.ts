import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { changePassword } from "@/lib/auth/account";
import { changePasswordSchema } from "@/lib/auth/account-schemas";
import { setSessionCookie } from "@/lib/auth/session-cookie";

/**
 * Any member: their own password. Every session of the user ends; this
 * browser gets a fresh one on this host (the new cookie) and stays signed in.
 */
export const POST = withTenantUser({ action: "account.security" }, async (request, ctx) => {
  const input = await readJson(request, changePasswordSchema);
  const claims = await changePassword(ctx, input);
  const response = new NextResponse(null, { status: 204, headers: { "cache-control": "no-store" } });
  await setSessionCookie(response, claims);
  return response;
});
