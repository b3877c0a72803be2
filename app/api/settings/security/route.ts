import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { setWorkspaceTwoFactor, workspaceTwoFactorSchema } from "@/lib/auth/two-factor-account";

/** The owner: whether every member must sign in with a second factor. */
export const PUT = withTenantUser({ action: "security.manage" }, async (request, ctx) =>
  NextResponse.json(await setWorkspaceTwoFactor(ctx, await readJson(request, workspaceTwoFactorSchema))),
);
