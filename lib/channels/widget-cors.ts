import { tenantDb } from "@/lib/db";
import { ApiError, errorResponse } from "@/lib/http";
import { runAsTenant } from "@/lib/tenancy";
import { resolveChannelRoute } from "./channel-route";
import { hashWidgetKey, looksLikeWidgetKey } from "./widget-key";

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
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

export function corsHeaders(origin: string | null): Record<string, string> {
  return origin ? { "access-control-allow-origin": origin, vary: "Origin" } : { vary: "Origin" };
}

/** The active web route of a widget key in the current tenant. */
export async function activeWidgetRoute(keyHash: string): Promise<{ allowedOrigins: string[] } | null> {
  return tenantDb().channelRoute.findFirst({
    where: { channel: "web", key: keyHash, active: true, revokedAt: null },
    select: { allowedOrigins: true },
  });
}

/**
 * Preflight (OPTIONS). Browsers send no custom header on a preflight, so the
 * X-Tenant-Key is not there to say whose origins apply; the widget therefore
 * also puts its key in the query (`?key=`). Without it, or for an origin the
 * key does not allow, the preflight is refused and the browser never sends the
 * request. The real request is checked again against its header key.
 */
export async function widgetPreflight(request: Request): Promise<Response> {
  try {
    const origin = request.headers.get("origin");
    const key = new URL(request.url).searchParams.get("key");
    const refuse = () => new ApiError("forbidden", "This origin may not call the chat API with this widget key.");
    if (!origin || !key || !looksLikeWidgetKey(key)) throw refuse();
    const keyHash = hashWidgetKey(key);
    const tenantId = await resolveChannelRoute("web", keyHash);
    if (!tenantId) throw refuse();
    const route = await runAsTenant(tenantId, () => activeWidgetRoute(keyHash));
    if (!route || !originAllowed(origin, route.allowedOrigins)) throw refuse();
    return new Response(null, {
      status: 204,
      headers: {
        ...corsHeaders(origin),
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": "content-type, accept, x-tenant-key",
        "access-control-max-age": "600",
      },
    });
  } catch (error) {
    const response = errorResponse(error);
    response.headers.set("vary", "Origin");
    return response;
  }
}
