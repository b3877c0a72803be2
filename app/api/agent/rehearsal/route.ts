import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { rehearsalTurnSchema, rehearseTurn } from "@/lib/onboarding";

/** One message of "Try your receptionist": a real turn, rolled back (lib/onboarding/rehearsal.ts). */
export const POST = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await rehearseTurn(ctx, await readJson(request, rehearsalTurnSchema)), { headers: { "cache-control": "no-store" } }),
);
