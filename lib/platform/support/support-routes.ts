import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { requestInfo } from "@/lib/auth/request-info";
import { ApiError, parseHost, parseOrigin, sameHost } from "@/lib/http";
import { adminOrigin, classifyHost, isOwnHost, requestOrigin, tenantOrigin } from "@/lib/tenancy/tenant-host";
import { resolveTenantIdBySlug } from "@/lib/tenancy/tenant-lookup";
import { supportClock } from "./support-clock";
import { supportCookieName, supportCookieOptions } from "./support-cookie";
import { endSupportSession, redeemSupportTicket } from "./support-principal";

/*
 * The two tenant-host endpoints of support mode. Entering redeems the ticket
 * the admin console issued and sets this host's support cookie; exiting ends
 * the session (so the cookie is dead everywhere at once), clears the cookie
 * and returns to the admin console.
 */

export const SUPPORT_ENTER_PATH = "/api/support/enter";
export const SUPPORT_EXIT_PATH = "/api/support/exit";

async function hostTenantId(request: NextRequest): Promise<string | null> {
  const host = classifyHost(request.headers.get("host"));
  return host.kind === "tenant" ? resolveTenantIdBySlug(host.slug) : null;
}

/** The URL that takes the admin's browser to the tenant's host with the ticket. */
export function supportEnterUrl(slug: string, ticket: string, headers: Headers): string {
  return `${tenantOrigin(slug, headers)}${SUPPORT_ENTER_PATH}?ticket=${encodeURIComponent(ticket)}`;
}

export async function enterSupportMode(request: NextRequest): Promise<Response> {
  const tenantId = await hostTenantId(request);
  const redeemed = tenantId ? await redeemSupportTicket(request.nextUrl.searchParams.get("ticket"), tenantId) : null;
  if (!redeemed) throw new ApiError("not_found", "This support link is unknown, used or expired: start support mode again from the admin console.");
  const response = NextResponse.redirect(new URL("/dashboard", requestOrigin(request.headers)), 303);
  response.headers.set("cache-control", "no-store");
  response.headers.set("referrer-policy", "no-referrer");
  const seconds = (redeemed.expiresAt.getTime() - supportClock().now().getTime()) / 1000;
  response.cookies.set(supportCookieName(), redeemed.cookie, supportCookieOptions(seconds));
  return response;
}

/** A form POST from the banner; like sign-out, a foreign Origin is refused. */
export async function exitSupportMode(request: NextRequest): Promise<Response> {
  const origin = parseOrigin(request.headers.get("origin"));
  const host = parseHost(request.headers.get("host"));
  if (origin && (origin.opaque || !host || !sameHost(origin.host, host, origin.scheme) || !isOwnHost(origin.host.hostname))) {
    throw new ApiError("forbidden", "Cross-origin request refused.");
  }
  const tenantId = await hostTenantId(request);
  if (tenantId) await endSupportSession(request.cookies.get(supportCookieName())?.value, tenantId, requestInfo(request.headers));
  const back = `${adminOrigin(request.headers)}${tenantId ? `/tenants/${tenantId}` : "/"}`;
  const response = NextResponse.redirect(back, 303);
  response.headers.set("cache-control", "no-store");
  response.cookies.set(supportCookieName(), "", supportCookieOptions(0));
  return response;
}
