import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  // Always minted here, never taken from the client, so a caller cannot forge
  // or collide request ids in our logs and audit trail.
  const requestId = crypto.randomUUID();

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
