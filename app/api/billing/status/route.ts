import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth";
import { billingActivation } from "@/lib/billing/billing-overview";

/** Polled by the return page until the paid subscription has landed. */
export const GET = withTenantUser({ action: "billing.view" }, async (_request, ctx) => NextResponse.json(await billingActivation(ctx.db)));
