import "server-only";
import { sendEmail } from "@/lib/auth/outgoing-email";
import { publicUrl } from "@/lib/channels/public-url";
import { twilioRestClient, WHATSAPP_STATUS_PATH } from "@/lib/channels/twilio-rest";
import { tenantDb } from "@/lib/db";
import { tenantSecrets } from "@/lib/secrets";

/*
 * The network edge of client messages: one Twilio Messages REST call per
 * WhatsApp message (with a StatusCallback so delivery is recorded), or one
 * email. What a failure means for the outbox — try again later, or never —
 * is decided here from Twilio's answer, without quoting it.
 */

export type DeliveryResult =
  | { ok: true; providerId: string | null }
  | { ok: false; retry: boolean; reason: string };

export interface WhatsAppCredentials {
  accountSid: string;
  authToken: string;
}

export async function whatsAppCredentials(): Promise<WhatsAppCredentials | null> {
  const secrets = tenantSecrets();
  const [accountSid, authToken] = await Promise.all([secrets.read("twilio", "account_sid"), secrets.read("twilio", "auth_token")]);
  return accountSid && authToken ? { accountSid, authToken } : null;
}

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown })?.status;
  return typeof status === "number" ? status : undefined;
};

export async function sendWhatsApp(credentials: WhatsAppCredentials, from: string, to: string, body: string): Promise<DeliveryResult> {
  try {
    const message = await twilioRestClient(credentials.accountSid, credentials.authToken).messages.create({
      from: `whatsapp:${from}`,
      to: `whatsapp:${to}`,
      body,
      statusCallback: `${publicUrl()}${WHATSAPP_STATUS_PATH}`,
    });
    return { ok: true, providerId: message.sid };
  } catch (error) {
    const status = statusOf(error);
    const code = (error as { code?: unknown })?.code;
    // No answer, 429 or 5xx: Twilio may take it on a later try. Any other 4xx will not change.
    if (status === undefined || status === 429 || status >= 500) {
      return { ok: false, retry: true, reason: status ? `Twilio answered ${status}` : "Twilio could not be reached" };
    }
    if (status === 401 || status === 403) return { ok: false, retry: false, reason: "Twilio refused the stored credentials (check the Provider keys page)" };
    return { ok: false, retry: false, reason: `Twilio refused the message (${status}${typeof code === "number" ? `, error ${code}` : ""})` };
  }
}

export async function sendClientEmail(to: string, subject: string, text: string): Promise<DeliveryResult> {
  try {
    await sendEmail(tenantDb(), { to, subject, text, kind: "client_message" });
    return { ok: true, providerId: null };
  } catch {
    return { ok: false, retry: true, reason: "The email could not be sent" };
  }
}
