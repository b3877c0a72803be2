import { z } from "zod";
import { ApiError } from "@/lib/http";
import type { GoogleCredentials } from "./google-adapter";

/*
 * What the console sends to connect a resource's calendar. Secrets (the
 * service-account key, the app password) only ever travel inward: the API
 * answers with "configured" and the non-secret fields.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const connectCalendarInput = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("google"),
    calendarId: text(300),
    serviceAccountJson: z.string().min(2).max(20_000),
  }),
  z.object({
    provider: z.literal("caldav"),
    url: text(500).pipe(z.url({ protocol: /^https?$/ })),
    username: text(200),
    password: z.string().min(1).max(500),
  }),
]);

export type ConnectCalendarInput = z.output<typeof connectCalendarInput>;

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
