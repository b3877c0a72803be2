import { NextResponse, type NextRequest } from "next/server";
import { closeSession, loadSessionState, recordPlatformAuthEvent } from "@/lib/auth/identity-store";
import { auditInTenant, requestInfo } from "@/lib/auth/request-info";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { decodeSessionToken, sessionCookieName } from "@/lib/auth/session-token";
import { ApiError, parseHost, parseOrigin, publicRoute, sameHost } from "@/lib/http";
import { apexOrigin, isOwnHost } from "@/lib/tenancy/tenant-host";

/*
 * Any host: ends the session (its row is revoked, so every host's cookie dies
 * at its next request), clears this host's cookie, then lets the apex clear
 * its own. A form POST; a foreign Origin is refused (a malformed one already
 * by publicRoute's guard).
 */
export const POST = publicRoute(async (request: NextRequest) => {
  const origin = parseOrigin(request.headers.get("origin"));
  const host = parseHost(request.headers.get("host"));
  if (origin && (origin.opaque || !host || !sameHost(origin.host, host, origin.scheme) || !isOwnHost(origin.host.hostname))) {
    throw new ApiError("forbidden", "Cross-origin request refused.");
  }
  const info = requestInfo(request.headers);
  const claims = await decodeSessionToken(request.cookies.get(sessionCookieName())?.value);
  if (claims) {
    const state = claims.tid ? await loadSessionState(claims.sid, claims.tid) : null;
    const userId = await closeSession(claims.sid);
    if (userId && userId === claims.sub) {
      const entry = { action: "auth.sign_out", actorUserId: userId, target: `user:${userId}`, ip: info.ip, requestId: info.requestId };
      if (state?.membership) await auditInTenant(state.membership.tenantId, entry);
      else await recordPlatformAuthEvent({ ...entry, action: "auth.sign_out" });
    }
  }
  const response = NextResponse.redirect(new URL("/api/auth/signed-out", apexOrigin(request.headers)), 303);
  clearSessionCookie(response);
  return response;
});
