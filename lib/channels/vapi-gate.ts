import "server-only";
import { z } from "zod";
import { ApiError, readJsonBody } from "@/lib/http";
import { cachedTenantSecrets } from "@/lib/secrets";
import type { Admission, Arrival, ChannelGate } from "./channel-gate";
import { toE164 } from "./phone-number";
import { secretsMatch } from "./secret-comparison";

/*
 * Vapi server-URL requests: `{ message: { type, call, phoneNumber, customer, … } }`.
 * The tenant is the called number; the credential is the tenant's stored
 * webhook secret, which Vapi sends as `x-vapi-secret` (the server's `secret`)
 * or as a bearer token (a Bearer credential on the phone number or assistant).
 */

const envelopeSchema = z.object({
  message: z.looseObject({
    type: z.string().min(1),
    phoneNumber: z.looseObject({ number: z.string().min(1) }),
    customer: z.looseObject({ number: z.string().optional() }).optional(),
  }),
});

export type VapiMessage = z.infer<typeof envelopeSchema>["message"];

export interface VapiInput {
  message: VapiMessage;
  calledNumber: string;
  /** The caller's number in E.164, when Vapi knows it. */
  callerPhone?: string;
  /** Needed to tell Vapi how to authenticate the tool calls it sends back. */
  webhookSecret: string;
}

interface Pending {
  message: VapiMessage;
  calledNumber: string;
}

function presentedSecret(request: Request): string | null {
  const header = request.headers.get("x-vapi-secret");
  if (header) return header;
  const auth = request.headers.get("authorization");
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  return bearer || null;
}

export const vapiGate: ChannelGate<Pending, VapiInput> = {
  async receive(request): Promise<Arrival<Pending>> {
    // lib/http's reader: type, size, depth and NUL are refused before anything parses the body.
    const { message } = envelopeSchema.parse(await readJsonBody(request));
    const calledNumber = toE164(message.phoneNumber.number);
    if (!calledNumber) {
      throw new ApiError("bad_request", "message.phoneNumber.number must be a phone number in E.164 form.", "message.phoneNumber.number");
    }
    return { routeKey: calledNumber, pending: { message, calledNumber } };
  },

  unrouted: () =>
    new ApiError("not_found", "No voice line is configured for this number.", "message.phoneNumber.number"),

  async admit(request, { pending }): Promise<Admission<VapiInput>> {
    const given = presentedSecret(request);
    // The cached secret first; a mismatch is confirmed against the stored one (a secret just rotated).
    let expected = await cachedTenantSecrets().read("vapi", "webhook_secret");
    if (given && (!expected || !secretsMatch(given, expected))) expected = await cachedTenantSecrets().read("vapi", "webhook_secret", { fresh: true });
    // Without a stored secret no request can be authenticated: refuse rather than accept all.
    if (!given || !expected || !secretsMatch(given, expected)) {
      throw new ApiError("unauthorized", "Missing or invalid Vapi webhook secret (x-vapi-secret or Authorization: Bearer).");
    }
    const raw = pending.message.customer?.number;
    const callerPhone = raw ? (toE164(raw) ?? undefined) : undefined;
    return { input: { ...pending, callerPhone, webhookSecret: expected } };
  },
};
