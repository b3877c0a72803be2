import { NextResponse, type NextRequest } from "next/server";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { redeemHandoff } from "@/lib/auth/session-handoff";
import { apexOrigin, classifyHost, requestOrigin } from "@/lib/tenancy/tenant-host";
import { resolveTenantIdBySlug } from "@/lib/tenancy/tenant-lookup";

/** Tenant host: redeems a hand-off ticket and sets this host's session cookie. */
export async function GET(request: NextRequest) {
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
  const response = NextResponse.redirect(new URL(redeemed.nextPath, requestOrigin(request.headers)), 303);
  response.headers.set("cache-control", "no-store");
  response.headers.set("referrer-policy", "no-referrer");
  await setSessionCookie(response, redeemed.claims);
  return response;
}
