import "server-only";
import { randomUUID } from "node:crypto";
import { clientIp } from "@/lib/auth/request-info";
import { ApiError, assertAcceptableRequest, errorResponse, requestBody, serveRequest } from "@/lib/http";
import { attributeRequestToTenant } from "@/lib/observability";
import { runAsTenant } from "@/lib/tenancy";
import { voiceHoldAnswer } from "./voice-hold";
import { ConfigChangedError } from "@/lib/db/tenant-cache";
import { channelBilling } from "@/lib/billing/channel-billing";
import { channelAdmission, type ChannelAdmission } from "./admission";
import { channelDirectory } from "./channel-config";
import type { ChannelKind } from "./channel-route";
import type { ChannelContext, ChannelGate } from "./channel-gate";
import { vapiGate, type VapiInput } from "./vapi-gate";
import { twilioGate, type TwilioInput } from "./twilio-gate";
import { widgetGate, type WidgetInput } from "./widget-gate";
import { recordWebhookAnswer, type WebhookProvider } from "./webhook-failures";

/*
 * The one entry point for requests from outside callers: Vapi (voice), Twilio
 * (WhatsApp) and the web widget. For every request it
 *   1. refuses what the request guard refuses, and an address that spent its
 *      failure budget (admission.ts) — no I/O yet;
 *   2. reads the body through lib/http's one reader (type, size, depth,
 *      NUL), what names the tenant (the called number, or the widget key),
 *      and applies the caller kind's own limit (the chat's per key and
 *      address);
 *   3. routes it through the channel directory (cached; resolve_channel_route
 *      on a miss) — unknown → 404 (401 for keys), counted against the address;
 *   4. takes a token and a turn of that tenant's channel (429 when spent), so
 *      with a warm directory a refusal costs no query;
 *   5. enters the tenant context and authenticates with that tenant's own
 *      credential (Vapi secret, Twilio signature, active key + origin);
 *   6. runs the handler, and maps anything thrown to the one error shape.
 * Nothing is written before step 5 has passed, so a caller that fails
 * authentication leaves no row behind.
 */

export interface ChannelInputs {
  voice: VapiInput;
  whatsapp: TwilioInput;
  web: WidgetInput;
}

export type ChannelHandler<K extends ChannelKind> = (ctx: ChannelContext<K, ChannelInputs[K]>) => Promise<Response>;

// Each gate's pending type is private to it; the wrapper only hands it back.
const GATES: { [K in ChannelKind]: ChannelGate<unknown, ChannelInputs[K]> } = {
  voice: vapiGate,
  whatsapp: twilioGate,
  web: widgetGate,
};

function withHeaders(response: Response, headers: Record<string, string> | undefined): Response {
  if (!headers) return response;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "vary") response.headers.append("vary", value);
    else response.headers.set(name, value);
  }
  return response;
}

// Provider webhooks whose error answers are counted for the platform overview (the widget is not a provider).
const PROVIDER: Partial<Record<ChannelKind, WebhookProvider>> = { voice: "vapi", whatsapp: "twilio" };

const ROUTE_LEFT = Symbol("route left this tenant");
const holdsRoute = (routes: ReadonlyArray<{ channel: string; key: string }>, kind: ChannelKind, key: string) =>
  routes.some((r) => r.channel === kind && r.key === key);

/** A refused credential: the address pays for it as for an unknown route. */
const isAuthFailure = (error: unknown) => error instanceof ApiError && (error.status === 401 || error.status === 403);

export function withChannel<K extends ChannelKind>(
  kind: K,
  handler: ChannelHandler<K>,
  admission?: ChannelAdmission,
  gate: ChannelGate<unknown, ChannelInputs[K]> = GATES[kind],
) {
  return async function channelRoute(request: Request): Promise<Response> {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    const ip = clientIp(request.headers);
    const admit = admission ?? channelAdmission();
    let headers: Record<string, string> | undefined;
    const meta = { requestId, route: new URL(request.url).pathname, channel: kind, method: request.method };
    const response = await serveRequest(
      meta,
      async () => {
        assertAcceptableRequest(request);
        admit.refuseSpentAddress(ip);
        await requestBody(request);
        const arrival = await gate.receive(request);
        await gate.throttle?.(request, arrival, ip);
        const directory = channelDirectory();
        // A route can change owner between the cached lookup and the turn (support moving a
        // number): a tenant whose fresh configuration no longer holds it sends us back here.
        // A tenant moving between cells: a voice tool call is told "one moment" rather than left waiting.
        const owner = kind === "voice" ? directory.lastOwner(kind, arrival.routeKey) : undefined;
        const hold = owner ? await voiceHoldAnswer(owner, arrival.pending) : null;
        if (hold) return hold;
        for (let hop = 1; ; hop++) {
          const tenantId = await directory.resolve(kind, arrival.routeKey);
          if (!tenantId) {
            await admit.recordFailure(ip);
            throw gate.unrouted();
          }
          attributeRequestToTenant(tenantId);
          const release = await admit.enter(tenantId, kind);
          try {
            const served = await runAsTenant(tenantId, async () => {
              for (let attempt = 1, atLeast: number | undefined; ; attempt++) {
                let config = await directory.forTenant(tenantId, atLeast);
                if (!holdsRoute(config.value.routes, kind, arrival.routeKey)) {
                  config = await directory.refresh(tenantId);
                  if (!holdsRoute(config.value.routes, kind, arrival.routeKey)) return ROUTE_LEFT;
                }
                const at = Date.now();
                let billing = channelBilling(config.value.tenant, config.value.billing, at);
                // A turn re-checks the version before it acts, but a refusal does not reach one: confirm it first.
                if (!billing.serving || !config.value.tenant.serving) {
                  config = await directory.refresh(tenantId);
                  billing = channelBilling(config.value.tenant, config.value.billing, at);
                }
                const tenant = billing.serving ? config.value.tenant : { ...config.value.tenant, serving: false };
                try {
                  const admitted = await gate.admit(request, arrival, config.value).catch(async (error: unknown) => {
                    if (isAuthFailure(error)) await admit.recordFailure(ip);
                    throw error;
                  });
                  headers = admitted.headers;
                  const { businessPhone } = config.value;
                  const ctx = { kind, request, requestId, tenant, configVersion: config.version, input: admitted.input, billing, businessPhone };
                  const response = withHeaders(await handler(ctx), headers);
                  billing.settle();
                  return response;
                } catch (error) {
                  // Admitted on configuration that changed meanwhile (a revoked key, a suspension): admit again.
                  if (!(error instanceof ConfigChangedError) || attempt >= 3) throw error;
                  atLeast = error.version;
                }
              }
            });
            if (served !== ROUTE_LEFT) return served;
            if (hop >= 3) throw gate.unrouted();
          } finally {
            release();
          }
        }
      },
      (error) => withHeaders(errorResponse(error, requestId), headers),
    );
    const provider = PROVIDER[kind];
    if (provider) recordWebhookAnswer(provider, response.status);
    return response;
  };
}
