import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { changeName } from "@/lib/auth/account";
import { changeNameSchema } from "@/lib/auth/account-schemas";

/** Any member: their own display name (the account is theirs, whatever their role). */
export const PATCH = withTenantUser({ action: "account.security" }, async (request, ctx) => {
  const input = await readJson(request, changeNameSchema);
  return NextResponse.json(await changeName(ctx, input));
});
