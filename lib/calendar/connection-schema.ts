import { z } from "zod";

/*
 * What the console sends to connect a resource's calendar (also checked in
 * the browser, so no server import here). Secrets (the service-account key,
 * the app password) only ever travel inward: the API answers with
 * "configured" and the non-secret fields.
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
    // No "user:password@" in the URL: it would be stored in clear as the calendar and shown back.
    url: text(500)
      .pipe(z.url({ protocol: /^https?$/ }))
      // Parsed, not matched: the parser also reads "https:user:pw@host" and "https:\\user@host" as credentials.
      .refine((u) => !URL.canParse(u) || (new URL(u).username === "" && new URL(u).password === ""), "Put the user and app password in their own fields, not in the URL"),
    username: text(200),
    password: z.string().min(1).max(500),
  }),
]);

export type ConnectCalendarInput = z.output<typeof connectCalendarInput>;
