import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { transferOwnership, transferOwnershipSchema } from "@/lib/auth/team";

/** Owner only: another member becomes owner, the caller becomes admin (atomic, audited). */
export const POST = withTenantUser({ action: "ownership.transfer" }, async (request, ctx) => {
  const { membershipId } = await readJson(request, transferOwnershipSchema);
  return NextResponse.json(await transferOwnership(ctx, membershipId));
});
