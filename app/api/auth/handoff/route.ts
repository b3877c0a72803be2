import { NextResponse, type NextRequest } from "next/server";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { redeemHandoff } from "@/lib/auth/session-handoff";
import { apexOrigin, classifyHost, requestOrigin } from "@/lib/tenancy/tenant-host";
import { resolveTenantIdBySlug } from "@/lib/tenancy/tenant-lookup";
import { publicRoute, sameOriginPath } from "@/lib/http";

/** Tenant host: redeems a hand-off ticket and sets this host's session cookie. */
export const GET = publicRoute(async (request: NextRequest) => {
  const host = classifyHost(request.headers.get("host"));
  const tenantId = host.kind === "tenant" ? await resolveTenantIdBySlug(host.slug) : null;
  const ticket = request.nextUrl.searchParams.get("ticket") ?? "";
  const redeemed = tenantId ? await redeemHandoff(ticket, tenantId) : null;
  if (!redeemed) {
    // Expired, reused or foreign ticket: start over from the apex.
    const to = new URL("/api/auth/continue", apexOrigin(request.headers));
    if (host.kind === "tenant") to.searchParams.set("to", host.slug);
    return NextResponse.redirect(to, 303);
  }
  const origin = requestOrigin(request.headers);
  const response = NextResponse.redirect(new URL(sameOriginPath(redeemed.nextPath, "/dashboard"), origin), 303);
  response.headers.set("cache-control", "no-store");
  response.headers.set("referrer-policy", "no-referrer");
  await setSessionCookie(response, redeemed.claims);
  return response;
});
