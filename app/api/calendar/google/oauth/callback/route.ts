import { NextResponse, type NextRequest } from "next/server";
import { requestInfo } from "@/lib/auth/request-info";
import { decodeSessionToken, sessionCookieName } from "@/lib/auth/session-token";
import { finishGoogleConnect } from "@/lib/calendar";
import { publicRoute } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";

/** Google's redirect after consent: the one registered URI, on the apex; lands on the tenant's page. */
export const GET = publicRoute(async (request: NextRequest) => {
  if (classifyHost(request.headers.get("host")).kind !== "apex") return NextResponse.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  const claims = await decodeSessionToken(request.cookies.get(sessionCookieName())?.value);
  const info = requestInfo(request.headers);
  const target = await finishGoogleConnect({ query: request.nextUrl.searchParams, headers: request.headers, sessionId: claims?.sid ?? null, ip: info.ip, requestId: info.requestId });
  return NextResponse.redirect(target, 303);
});
