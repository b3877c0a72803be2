import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth";
import { openPortal } from "@/lib/billing/checkout";
import { tenantOrigin } from "@/lib/tenancy/tenant-host";

/** Owner only: a Stripe Customer Portal session that returns to this tenant's Billing page. */
export const POST = withTenantUser({ action: "billing.manage" }, async (request, ctx) =>
  NextResponse.json(await openPortal(ctx, tenantOrigin(ctx.user.tenantSlug, request.headers))),
);
