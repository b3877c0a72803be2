import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/http";
import { tenantSecrets } from "@/lib/secrets";
import { toE164 } from "./phone-number";
import { twilioRestClient } from "./twilio-rest";

/*
 * Proof that a number a tenant claims is theirs: when the tenant stored
 * credentials for the channel's provider, the number must be listed in that
 * account — IncomingPhoneNumbers of their Twilio account for WhatsApp, GET
 * /phone-number of their Vapi account for the phone line. Without stored
 * credentials there is nothing to ask, and the claim rests on the number not
 * being anyone else's.
 *
 * TWILIO_API_BASE_URL and VAPI_API_URL point the clients at another server
 * (the tests' stand-ins); unset, they call the providers.
 */

export type ProofResult = "listed" | "not_listed" | "no_credentials";

const TIMEOUT_MS = 10_000;

async function twilioLists(accountSid: string, authToken: string, number: string): Promise<boolean> {
  const client = twilioRestClient(accountSid, authToken);
  const listed = await client.api.v2010.accounts(accountSid).incomingPhoneNumbers.list({ phoneNumber: number, limit: 50 });
  return listed.some((n) => toE164(n.phoneNumber ?? "") === number);
}

const vapiNumbers = z.array(z.looseObject({ number: z.string().nullish() }));

async function vapiLists(apiKey: string, number: string): Promise<boolean> {
  const base = (process.env.VAPI_API_URL || "https://api.vapi.ai").replace(/\/+$/, "");
  const response = await fetch(`${base}/phone-number?limit=1000`, {
    headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw Object.assign(new Error(`Vapi answered ${response.status}`), { status: response.status });
  const numbers = vapiNumbers.parse(await response.json());
  return numbers.some((n) => !!n.number && toE164(n.number) === number);
}

const statusOf = (error: unknown) => (error as { status?: unknown })?.status;

/** Asks the tenant's own provider account whether it holds `number` (E.164). */
export async function proveNumberOwnership(channel: "voice" | "whatsapp", number: string): Promise<ProofResult> {
  const secrets = tenantSecrets();
  const provider = channel === "whatsapp" ? "Twilio" : "Vapi";
  try {
    if (channel === "whatsapp") {
      const [accountSid, authToken] = await Promise.all([secrets.read("twilio", "account_sid"), secrets.read("twilio", "auth_token")]);
      if (!accountSid || !authToken) return "no_credentials";
      return (await twilioLists(accountSid, authToken, number)) ? "listed" : "not_listed";
    }
    const apiKey = await secrets.read("vapi", "api_key");
    if (!apiKey) return "no_credentials";
    return (await vapiLists(apiKey, number)) ? "listed" : "not_listed";
  } catch (error) {
    const status = statusOf(error);
    if (status === 401 || status === 403) {
      throw new ApiError("conflict", `${provider} refused the stored credentials; check them on the Provider keys page.`, "number");
    }
    // Only the class: a provider error may quote the request.
    console.error(`[channels] ${provider} number check failed:`, (error as Error)?.name ?? typeof error);
    throw new ApiError("bad_gateway", `Could not reach ${provider} to check this number; try again in a moment.`);
  }
}
