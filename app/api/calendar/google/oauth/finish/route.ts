import { NextResponse, type NextRequest } from "next/server";
import { requestInfo } from "@/lib/auth/request-info";
import { sessionCookieName } from "@/lib/auth/session-token";
import { finishGoogleConnect } from "@/lib/calendar";
import { publicRoute } from "@/lib/http";
import { supportCookieName } from "@/lib/platform/support/support-cookie";

/*
 * The end of a Google consent, on the tenant host: only the browser signed in
 * with the session that started completes it; anyone else lands on "forbidden"
 * (a redirect, not withTenantUser's JSON 401, since this is a page navigation).
 */
export const GET = publicRoute(async (request: NextRequest) => {
  const info = requestInfo(request.headers);
  const target = await finishGoogleConnect({
    query: request.nextUrl.searchParams,
    headers: request.headers,
    sessionCookie: request.cookies.get(sessionCookieName())?.value,
    supportCookie: request.cookies.get(supportCookieName())?.value,
    ip: info.ip,
    requestId: info.requestId,
  });
  return NextResponse.redirect(target, 303);
});
