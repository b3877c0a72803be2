import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { syncFromStripe, syncInput } from "@/lib/billing/checkout";

/** The return page's fallback when the webhook is late: re-read the session from Stripe. */
export const POST = withTenantUser({ action: "billing.manage" }, async (request, ctx) =>
  NextResponse.json(await syncFromStripe(ctx, await readJson(request, syncInput))),
);
