import "server-only";
import { ApiError, errorResponse, parseHost, parseOrigin, sameHost } from "@/lib/http";

/*
 * Browsers may call the chat API only from the origins the tenant listed for
 * the key. CORS alone only hides the response from the page, so a request from
 * another origin is refused outright (403, nothing stored), not just answered
 * without Access-Control-Allow-Origin. Requests without an Origin header come
 * from servers, where CORS does not apply and the key is the credential.
 */

export const WIDGET_KEY_HEADER = "x-tenant-key";

function canonicalOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.origin === "null" ? null : url.origin;
  } catch {
    return null;
  }
}

export function originAllowed(origin: string, allowedOrigins: readonly string[]): boolean {
  const o = canonicalOrigin(origin);
  return o !== null && allowedOrigins.some((a) => canonicalOrigin(a) === o);
}

/**
 * A page of this app calling its own API (the demo page): not a cross-origin
 * request, so the tenant's list does not apply. Browsers set Origin and Host
 * truthfully; a non-browser caller could fake both, but it could as well send
 * no Origin at all — the origin check only ever guards against browsers.
 */
export function isSameOrigin(request: Request, origin: string): boolean {
  const parsed = parseOrigin(origin);
  const host = parseHost(request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host"));
  return !!parsed && !parsed.opaque && !!host && sameHost(parsed.host, host, parsed.scheme);
}

export function corsHeaders(origin: string | null): Record<string, string> {
  return origin ? { "access-control-allow-origin": origin, vary: "Origin" } : { vary: "Origin" };
}

/*
 * Preflight (OPTIONS). A preflight carries no X-Tenant-Key (browsers never
 * send custom headers on it), so it cannot say whose list of origins applies;
 * it is therefore answered for the public contract alone — POST with these
 * headers, from the asking origin — and grants nothing by itself:
 * - the actual POST carries the key and its Origin, and admit() refuses an
 *   origin the key does not allow with 403 before anything is written, and
 *   without Access-Control-Allow-Origin, so the page cannot even read why;
 * - no credentials are ever allowed (no Access-Control-Allow-Credentials), so
 *   a passed preflight never lets a page use anyone's cookies;
 * - a page could already send a "simple" cross-origin POST without any
 *   preflight; it cannot send X-Tenant-Key that way, and gets 401.
 * Answering per key would need the key in the query string, where it ends up
 * in access logs and caches, for no protection the POST does not give.
 */
const PREFLIGHT_METHODS = "POST";
const PREFLIGHT_HEADERS = ["content-type", "accept", WIDGET_KEY_HEADER];

export async function widgetPreflight(request: Request): Promise<Response> {
  const origin = request.headers.get("origin");
  const method = request.headers.get("access-control-request-method")?.trim().toUpperCase();
  const asked = (request.headers.get("access-control-request-headers") ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const refusal = () => {
    const response = errorResponse(new ApiError("forbidden", "The chat API accepts POST with Content-Type, Accept and X-Tenant-Key only."));
    response.headers.set("vary", "Origin");
    return response;
  };
  if (!origin || canonicalOrigin(origin) === null || method !== "POST" || asked.some((h) => !PREFLIGHT_HEADERS.includes(h))) {
    return refusal();
  }
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      "access-control-allow-methods": PREFLIGHT_METHODS,
      "access-control-allow-headers": PREFLIGHT_HEADERS.join(", "),
      "access-control-max-age": "600",
    },
  });
}
