import "server-only";
import { validateRequest } from "twilio/lib/webhooks/webhooks";
import { ApiError } from "@/lib/http";
import { tenantSecrets } from "@/lib/secrets";
import type { Admission, Arrival, ChannelGate } from "./channel-gate";
import { toE164 } from "./phone-number";
import { publicRequestUrl } from "./public-url";

/*
 * Twilio WhatsApp webhooks: a form post signed with the tenant's auth token.
 * The signature covers the public URL and every posted parameter, including
 * ones this code does not know, so all of them are kept for validation.
 */

/** Posted parameters; a name posted more than once keeps all its values. */
export type TwilioParams = Record<string, string | string[]>;

export interface TwilioInput {
  params: TwilioParams;
  /** The tenant's WhatsApp number (`To`) in E.164. */
  calledNumber: string;
}

interface Pending {
  params: TwilioParams;
  calledNumber: string;
}

function formParams(body: string): TwilioParams {
  const params: TwilioParams = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    params[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

export function firstParam(params: TwilioParams, name: string): string | undefined {
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

export const twilioGate: ChannelGate<Pending, TwilioInput> = {
  async receive(request): Promise<Arrival<Pending>> {
    const params = formParams(await request.text());
    const to = firstParam(params, "To");
    if (!to) throw new ApiError("bad_request", "To is required (the business's WhatsApp number).", "To");
    const calledNumber = toE164(to);
    if (!calledNumber) throw new ApiError("bad_request", "To must be a WhatsApp number such as whatsapp:+41225550102.", "To");
    return { routeKey: calledNumber, pending: { params, calledNumber } };
  },

  unrouted: () => new ApiError("not_found", "No WhatsApp number is configured for To.", "To"),

  async admit(request, { pending }): Promise<Admission<TwilioInput>> {
    const signature = request.headers.get("x-twilio-signature");
    const authToken = await tenantSecrets().read("twilio", "auth_token");
    if (!signature || !authToken || !validateRequest(authToken, signature, publicRequestUrl(request), pending.params)) {
      throw new ApiError("forbidden", "Invalid X-Twilio-Signature for this number.");
    }
    return { input: pending };
  },
};
