import "server-only";
import { randomUUID } from "node:crypto";
import { errorResponse, serveRequest } from "@/lib/http";
import { attributeRequestToTenant } from "@/lib/observability";
import { runAsTenant } from "@/lib/tenancy";
import { ConfigChangedError } from "@/lib/db/tenant-cache";
import { channelDirectory } from "./channel-config";
import type { ChannelKind } from "./channel-route";
import type { ChannelContext, ChannelGate } from "./channel-gate";
import { vapiGate, type VapiInput } from "./vapi-gate";
import { twilioGate, type TwilioInput } from "./twilio-gate";
import { widgetGate, type WidgetInput } from "./widget-gate";

/*
 * The one entry point for requests from outside callers: Vapi (voice), Twilio
 * (WhatsApp) and the web widget. For every request it
 *   1. reads what names the tenant (the called number, or the widget key),
 *   2. routes it through resolve_channel_route — unknown → 404 (401 for keys),
 *   3. enters the tenant context and authenticates with that tenant's own
 *      credential (Vapi secret, Twilio signature, active key + origin),
 *   4. runs the handler, and maps anything thrown to the one error shape.
 * Nothing is written before step 3 has passed, so a caller that fails
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

export function withChannel<K extends ChannelKind>(kind: K, handler: ChannelHandler<K>) {
  const gate = GATES[kind];
  return async function channelRoute(request: Request): Promise<Response> {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    let headers: Record<string, string> | undefined;
    const meta = { requestId, route: new URL(request.url).pathname, channel: kind, method: request.method };
    return serveRequest(
      meta,
      async () => {
        const arrival = await gate.receive(request);
        const directory = channelDirectory();
        const tenantId = await directory.resolve(kind, arrival.routeKey);
        if (!tenantId) throw gate.unrouted();
        attributeRequestToTenant(tenantId);
        return await runAsTenant(tenantId, async () => {
          for (let attempt = 1, atLeast: number | undefined; ; attempt++) {
            let config = await directory.forTenant(tenantId, atLeast);
            // A turn re-checks the version before it acts, but a refusal does not reach one: confirm it first.
            if (!config.value.tenant.serving) config = await directory.refresh(tenantId);
            try {
              const admission = await gate.admit(request, arrival, config.value);
              headers = admission.headers;
              const ctx = { kind, request, requestId, tenant: config.value.tenant, configVersion: config.version, input: admission.input };
              return withHeaders(await handler(ctx), headers);
            } catch (error) {
              // Admitted on configuration that changed meanwhile (a revoked key, a suspension): admit again.
              if (!(error instanceof ConfigChangedError) || attempt >= 3) throw error;
              atLeast = error.version;
            }
          }
        });
      },
      (error) => withHeaders(errorResponse(error, requestId), headers),
    );
  };
}
