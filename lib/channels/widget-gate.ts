import { ApiError } from "@/lib/http";
import type { Admission, Arrival, ChannelGate } from "./channel-gate";
import { enforceChatRateLimit } from "./chat-rate-limit";
import { corsHeaders, isSameOrigin, originAllowed, WIDGET_KEY_HEADER } from "./widget-cors";
import { hashWidgetKey, looksLikeWidgetKey } from "./widget-key";

/*
 * Web chat: the tenant is whoever owns the widget key in X-Tenant-Key (stored
 * only as its sha256). The key is public by design — it sits in the
 * business's page — so what it protects is bounded by the tenant's list of
 * allowed origins and by row-level security, not by its secrecy.
 */

export interface WidgetInput {
  /** The browser origin, when the request came from a page. */
  origin: string | null;
  /** The stored hash of the widget key: what the rate limit counts by. */
  keyHash: string;
}

interface Pending {
  keyHash: string;
}

const unknownKey = () =>
  new ApiError("unauthorized", "Missing, unknown or revoked widget key: send it in the X-Tenant-Key header.");

export const widgetGate: ChannelGate<Pending, WidgetInput> = {
  async receive(request): Promise<Arrival<Pending>> {
    const key = request.headers.get(WIDGET_KEY_HEADER)?.trim();
    if (!key || !looksLikeWidgetKey(key)) throw unknownKey();
    const keyHash = hashWidgetKey(key);
    return { routeKey: keyHash, pending: { keyHash } };
  },

  throttle: (request, { pending }, ip) => enforceChatRateLimit(request, pending.keyHash, ip),

  unrouted: unknownKey,

  async admit(request, { pending }, config): Promise<Admission<WidgetInput>> {
    const route = config.routes.find((r) => r.channel === "web" && r.key === pending.keyHash);
    if (!route) throw unknownKey();
    const origin = request.headers.get("origin");
    if (origin && !isSameOrigin(request, origin) && !originAllowed(origin, route.allowedOrigins)) {
      throw new ApiError("forbidden", `The origin ${origin} is not allowed for this widget key.`);
    }
    return { input: { origin, ...pending }, headers: corsHeaders(origin) };
  },
};

/**
 * The widget's poll for the team's replies: the same key and origin checks,
 * with its own per key and address budget so polling never eats the budget
 * of the messages a visitor types.
 */
export const widgetUpdatesGate: ChannelGate<Pending, WidgetInput> = {
  ...widgetGate,
  throttle: (request, { pending }, ip) => enforceChatRateLimit(request, `updates:${pending.keyHash}`, ip),
};
