import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { checkoutInput, startCheckout } from "@/lib/billing/checkout";
import { tenantOrigin } from "@/lib/tenancy/tenant-host";

/** Owner only: a Checkout session to subscribe, or an in-place plan change with proration. */
export const POST = withTenantUser({ action: "billing.manage" }, async (request, ctx) => {
  const input = await readJson(request, checkoutInput);
  return NextResponse.json(await startCheckout(ctx, input, tenantOrigin(ctx.user.tenantSlug, request.headers)));
});
