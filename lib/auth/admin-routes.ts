import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { ApiError, readJsonBody } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";
import { adminCookieName, assertConsoleOrigin, clearAdminCookie, decodeAdminToken, setAdminCookie, type AdminClaims } from "./admin-session";
import { completeAdminSetup, signInAdmin } from "./admin-sign-in";
import { closeSession, loadSessionState, recordPlatformAuthEvent } from "./identity-store";
import { requestInfo } from "./request-info";

/*
 * The admin host's sign-in, setup-link and sign-out steps, behind thin route
 * files. Each answers 404 on any other host, like the rest of the console.
 */

const NO_STORE = { "cache-control": "no-store" };

function onAdminHost(request: NextRequest): void {
  if (classifyHost(request.headers.get("host")).kind !== "admin") throw new ApiError("not_found", "Not found.");
  assertConsoleOrigin(request);
}

async function signedIn(claims: AdminClaims): Promise<NextResponse> {
  const state = await loadSessionState(claims.sid, null);
  const next = state?.twoFactorEnabled ? "/" : "/two-factor";
  const response = NextResponse.json({ next }, { headers: NO_STORE });
  await setAdminCookie(response, claims);
  return response;
}

export async function adminSignIn(request: NextRequest): Promise<Response> {
  onAdminHost(request);
  return signedIn(await signInAdmin((await readJsonBody(request)) as Record<string, unknown>, requestInfo(request.headers)));
}

export async function adminSetup(request: NextRequest): Promise<Response> {
  onAdminHost(request);
  const claims = await completeAdminSetup(await readJsonBody(request), requestInfo(request.headers));
  return claims ? signedIn(claims) : NextResponse.json({ next: "/sign-in" }, { headers: NO_STORE });
}

export async function adminSignOut(request: NextRequest): Promise<Response> {
  onAdminHost(request);
  const claims = await decodeAdminToken(request.cookies.get(adminCookieName())?.value);
  if (claims) {
    const info = requestInfo(request.headers);
    const userId = await closeSession(claims.sid);
    if (userId) await recordPlatformAuthEvent({ action: "auth.admin_sign_out", actorUserId: userId, target: `user:${userId}`, ip: info.ip, requestId: info.requestId });
  }
  const response = NextResponse.json({ next: "/sign-in" }, { headers: NO_STORE });
  clearAdminCookie(response);
  return response;
}
