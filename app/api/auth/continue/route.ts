import { NextResponse, type NextRequest } from "next/server";
import { listSessionMemberships, loadSessionState } from "@/lib/auth/identity-store";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { handoffUrl, safeNextPath } from "@/lib/auth/session-handoff";
import { decodeSessionToken, sessionCookieName } from "@/lib/auth/session-token";
import { adminOrigin, apexOrigin, classifyHost, isValidTenantSlug } from "@/lib/tenancy/tenant-host";
import { publicRoute } from "@/lib/http";

/*
 * Apex: carries the apex session to a tenant host (the one asked for with
 * `to`, else the active tenant). No session → sign-in, which comes back here.
 * A tenant the user does not belong to and a tenant that does not exist get
 * the same 404.
 */
export const GET = publicRoute(async (request: NextRequest) => {
  const apex = apexOrigin(request.headers);
  if (classifyHost(request.headers.get("host")).kind !== "apex") {
    return NextResponse.redirect(`${apex}/api/auth/continue${request.nextUrl.search}`);
  }
  const toParam = request.nextUrl.searchParams.get("to") ?? "";
  const to = isValidTenantSlug(toParam) ? toParam : null;
  const next = request.nextUrl.searchParams.get("next");
  const signIn = new URL("/sign-in", apex);
  if (to) signIn.searchParams.set("to", to);
  if (next) signIn.searchParams.set("next", safeNextPath(next));

  const claims = await decodeSessionToken(request.cookies.get(sessionCookieName())?.value);
  const state = claims ? await loadSessionState(claims.sid, null) : null;
  if (!claims || !state || state.userId !== claims.sub || state.tokenVersion !== claims.tv) {
    const response = NextResponse.redirect(signIn, 303);
    if (claims) clearSessionCookie(response);
    return response;
  }

  const memberships = await listSessionMemberships(claims.sid);
  const target = to
    ? memberships.find((m) => m.slug === to)
    : (memberships.find((m) => m.tenantId === state.activeTenantId) ?? memberships[0]);
  if (!target) {
    // Same answer as a path that does not exist: nothing says the tenant does.
    if (to) return NextResponse.redirect(new URL("/__not_found__", apex), 303);
    // The console has its own host and sign-in: this session does not carry over.
    if (state.isPlatformAdmin) return NextResponse.redirect(new URL("/sign-in", adminOrigin(request.headers)), 303);
    signIn.searchParams.set("error", "no_workspace");
    const response = NextResponse.redirect(signIn, 303);
    clearSessionCookie(response);
    return response;
  }
  const url = await handoffUrl({
    sessionId: claims.sid,
    tenantId: target.tenantId,
    slug: target.slug,
    nextPath: next,
    headers: request.headers,
  });
  if (!url) return NextResponse.redirect(signIn, 303);
  return NextResponse.redirect(url, 303);
});
