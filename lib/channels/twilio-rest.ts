import "server-only";
import RequestClient from "twilio/lib/base/RequestClient";
import Twilio from "twilio/lib/rest/Twilio";

/*
 * The Twilio REST client for a tenant's own account. TWILIO_API_BASE_URL
 * sends every https://*.twilio.com request to another server (the tests'
 * stand-in); unset, the client calls Twilio.
 */

const TIMEOUT_MS = 10_000;

/** Where Twilio posts the delivery statuses of the messages we send (routed by their From: our number). */
export const WHATSAPP_STATUS_PATH = "/api/webhooks/whatsapp/status";

/** The Twilio client's HTTP layer, sending https://*.twilio.com requests to TWILIO_API_BASE_URL when it is set. */
function twilioHttpClient(): RequestClient | undefined {
  const base = process.env.TWILIO_API_BASE_URL?.replace(/\/+$/, "");
  if (!base) return undefined;
  const inner = new RequestClient({ timeout: TIMEOUT_MS });
  const redirected = {
    request: <T>(opts: RequestClient.RequestOptions<T>) =>
      inner.request({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/i, base) }),
  };
  return redirected as unknown as RequestClient;
}

export function twilioRestClient(accountSid: string, authToken: string): Twilio {
  const httpClient = twilioHttpClient();
  // autoRetry stays off (its default): the outbox decides retries, so one send is one request.
  return new Twilio(accountSid, authToken, { timeout: TIMEOUT_MS, ...(httpClient ? { httpClient } : {}) });
}
