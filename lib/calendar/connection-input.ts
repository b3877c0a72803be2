import { z } from "zod";
import { ApiError } from "@/lib/http";
import type { GoogleCredentials } from "./google-adapter";

export { connectCalendarInput, type ConnectCalendarInput } from "./connection-schema";

/* The service-account key file, checked on the server. */

const serviceAccount = z.object({
  client_email: z.email(),
  private_key: z.string().includes("PRIVATE KEY"),
});

/** The service-account key file as Google issues it; only the two fields the client needs are kept. */
export function parseServiceAccount(json: string): Extract<GoogleCredentials, { kind: "service_account" }> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ApiError("bad_request", "serviceAccountJson: paste the whole JSON key file of the service account", "serviceAccountJson");
  }
  const parsed = serviceAccount.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError("bad_request", "serviceAccountJson: the key file needs client_email and private_key", "serviceAccountJson");
  }
  return { kind: "service_account", clientEmail: parsed.data.client_email, privateKey: parsed.data.private_key };
}
