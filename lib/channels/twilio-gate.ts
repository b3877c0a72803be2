import "server-only";
import { validateRequest } from "twilio/lib/webhooks/webhooks";
import { ApiError, readFormBody, type FormFields } from "@/lib/http";
import { cachedTenantSecrets } from "@/lib/secrets";
import type { Admission, Arrival, ChannelGate } from "./channel-gate";
import { toE164 } from "./phone-number";
import { publicRequestUrl } from "./public-url";
import { parseTwilioMessage, type TwilioMessage } from "./twilio-message";
import { WHATSAPP_STATUS_PATH } from "./twilio-rest";

/*
 * Twilio WhatsApp webhooks: a form post signed with the tenant's auth token.
 * The signature covers the public URL and every posted parameter, including
 * ones this code does not know, so all of them are kept for validation. The
 * parameters we use are checked to Twilio's formats before anything else
 * (twilio-message.ts), and the post's AccountSid must be the tenant's own
 * when the tenant stored one.
 */

export interface TwilioInput {
  message: TwilioMessage;
  /** The tenant's WhatsApp number (`To`, or `From` on the status URL) in E.164. */
  calledNumber: string;
}

interface Pending {
  fields: FormFields;
  message: TwilioMessage;
  calledNumber: string;
}

export const twilioGate: ChannelGate<Pending, TwilioInput> = {
  async receive(request): Promise<Arrival<Pending>> {
    const fields = await readFormBody(request);
    const message = parseTwilioMessage(fields);
    // On the status URL the post is about a message we sent: our number is its From.
    const statusUrl = new URL(request.url).pathname === WHATSAPP_STATUS_PATH;
    if (statusUrl && message.kind !== "status") throw new ApiError("bad_request", "MessageStatus is required on the status callback URL.", "MessageStatus");
    const ours = statusUrl ? "From" : "To";
    const calledNumber = toE164(message[ours]);
    if (!calledNumber) throw new ApiError("bad_request", `${ours} must be a WhatsApp number such as whatsapp:+41225550102.`, ours);
    return { routeKey: calledNumber, pending: { fields, message, calledNumber } };
  },

  unrouted: () => new ApiError("not_found", "No WhatsApp number is configured for To.", "To"),

  async admit(request, { pending }): Promise<Admission<TwilioInput>> {
    const signature = request.headers.get("x-twilio-signature");
    const url = publicRequestUrl(request);
    // Cached credentials first; a refusal is confirmed against the stored ones (a token just rotated).
    for (const fresh of [false, true]) {
      const authToken = await cachedTenantSecrets().read("twilio", "auth_token", { fresh });
      const accountSid = await cachedTenantSecrets().read("twilio", "account_sid");
      const signed = !!signature && !!authToken && validateRequest(authToken, signature, url, pending.fields);
      const sameAccount = !accountSid || pending.message.AccountSid.toLowerCase() === accountSid.toLowerCase();
      if (signed && sameAccount) return { input: { message: pending.message, calledNumber: pending.calledNumber } };
      if (!fresh) continue;
      if (!signed) throw new ApiError("forbidden", "Invalid X-Twilio-Signature for this number.");
      throw new ApiError("forbidden", "AccountSid is not the Twilio account of this number.", "AccountSid");
    }
    throw new Error("unreachable");
  },
};
