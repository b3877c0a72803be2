import { NextResponse, type NextRequest } from "next/server";
import { decodeSessionToken, sessionCookieName } from "@/lib/auth/session-token";
import { supportCookieName } from "@/lib/platform/support/support-cookie";
import { apiErrorBody } from "@/lib/http/api-error-codes";
import { forwardedClientAddress, trustedProxyHops } from "@/lib/http/client-address";
import { requestRefusal } from "@/lib/http/request-guard";
import { classifyHost, requestOrigin } from "@/lib/tenancy/tenant-host";

/*
 * Tenant resolution by host (see lib/tenancy/tenant-host.ts):
 * - apex: landing, sign-in, sign-up, invitations; `/` with a session
 *   goes on to the active tenant; the tenant app's own paths do not exist here;
 * - `{slug}.apex`: the tenant app, rewritten to app/tenant/*. Without a
 *   session cookie for this host the visitor goes through the apex, for known
 *   and unknown slugs alike, so the answer never tells whether a tenant
 *   exists. With one, pages and APIs re-check the session and membership in
 *   the database on every request (a non-member gets 404 there).
 * - `admin.apex`: the platform console, rewritten to app/admin/* (its APIs are
 *   /api/admin/*, nothing else); its cookie is its own (lib/auth/admin-session).
 * - anything else under the apex (deeper or reserved names): 404.
 * API routes are never rewritten or redirected: their wrappers answer in JSON.
 *
 * Machine-facing endpoints (the widget script, the public chat API, provider
 * webhooks, the health, readiness and metrics endpoints) are answered the same on every host, before
 * any of the above: their caller is named by its own credential (widget key,
 * Vapi secret, Twilio signature, a client's signed appointment link at /a/…),
 * never by the Host, and a business's page,
 * Vapi or Twilio may reach us through any of our names. A tenant's widget
 * demo page is public on the apex, so its own subdomain may show it too.
 *
 * Before all of that, every request passes lib/http/request-guard (a Host or
 * Origin that does not parse, a NUL in the address, a body declared over its
 * path's limit: 4xx, nothing else runs), and X-Forwarded-For is reduced to
 * the one address our own proxies vouch for (lib/http/client-address.ts).
 */

const TENANT_APP_PREFIX = "/tenant";
const ADMIN_APP_PREFIX = "/admin";
const underPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
// Set only by this proxy (any incoming copy is dropped): where to return after sign-in.
const RETURN_TO_HEADER = "x-frontdesk-return-to";

const HOST_INDEPENDENT = /^\/(?:widget\.js|api\/(?:health|ready|metrics)|api\/v1(?:\/.*)?|api\/webhooks(?:\/.*)?|a\/[A-Za-z0-9_.-]{1,600})$/;

function notFound(request: NextRequest, headers: Headers): NextResponse {
  // A path no route serves, so Next renders app/not-found.tsx with a 404.
  return NextResponse.rewrite(new URL("/__not_found__", request.url), { request: { headers } });
}

export async function proxy(request: NextRequest) {
  // Always minted here, never taken from the client, so a caller cannot forge
  // or collide request ids in our logs and audit trail.
  const requestId = crypto.randomUUID();

  const refusal = requestRefusal(request);
  if (refusal) return NextResponse.json(apiErrorBody(refusal), { status: refusal.status, headers: { "x-request-id": requestId } });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);
  requestHeaders.delete(RETURN_TO_HEADER);
  const client = forwardedClientAddress(request.headers.get("x-forwarded-for"), trustedProxyHops());
  if (client) requestHeaders.set("x-forwarded-for", client);
  else requestHeaders.delete("x-forwarded-for");
  requestHeaders.delete("x-real-ip");

  const path = request.nextUrl.pathname;
  const host = classifyHost(request.headers.get("host"));
  const isApi = path === "/api" || path.startsWith("/api/");
  const hasCookie = request.cookies.has(sessionCookieName());

  let response: NextResponse;
  if (HOST_INDEPENDENT.test(path) || (host.kind === "tenant" && path === `/demo/${host.slug}`)) {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else if (host.kind === "invalid") {
    response = isApi ? NextResponse.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 }) : notFound(request, requestHeaders);
  } else if (host.kind === "admin") {
    // The platform console: its APIs under /api/admin, its pages from app/admin.
    if (isApi) {
      response = path.startsWith(`/api${ADMIN_APP_PREFIX}/`) ? NextResponse.next({ request: { headers: requestHeaders } }) : NextResponse.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
    } else {
      const target = request.nextUrl.clone();
      target.pathname = path === "/" ? ADMIN_APP_PREFIX : `${ADMIN_APP_PREFIX}${path}`;
      response = NextResponse.rewrite(target, { request: { headers: requestHeaders } });
    }
  } else if (host.kind === "apex") {
    if (underPrefix(path, TENANT_APP_PREFIX) || underPrefix(path, ADMIN_APP_PREFIX)) {
      response = notFound(request, requestHeaders);
    } else if (path === "/" && hasCookie) {
      response = NextResponse.redirect(new URL("/api/auth/continue", requestOrigin(request.headers)));
    } else {
      response = NextResponse.next({ request: { headers: requestHeaders } });
    }
  } else if (isApi) {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else if (!(await decodeSessionToken(request.cookies.get(sessionCookieName())?.value)) && !request.cookies.has(supportCookieName())) {
    // A support cookie (support mode) is checked by the page itself, like a session's membership.
    if (path !== "/") requestHeaders.set(RETURN_TO_HEADER, `${path}${request.nextUrl.search}`);
    response = NextResponse.rewrite(new URL("/api/auth/bounce", request.url), { request: { headers: requestHeaders } });
  } else if (path === "/") {
    response = NextResponse.redirect(new URL("/dashboard", requestOrigin(request.headers)));
  } else {
    const target = request.nextUrl.clone();
    target.pathname = `${TENANT_APP_PREFIX}${path}`;
    response = NextResponse.rewrite(target, { request: { headers: requestHeaders } });
  }
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
