import { z } from "zod";
import { typedReasonSchema } from "@/lib/platform/typed-reason";

/*
 * The start request's contract, free of server code so the admin console's
 * dialog checks the same rules before sending.
 */

export const SUPPORT_MAX_MINUTES = 30;
export const SUPPORT_TICKET_TTL_SECONDS = 60;

export const startSupportSchema = z.object({
  reason: typedReasonSchema({
    required: "Say why you need to view this workspace",
    min: "At least 5 characters: the owner reads it",
    max: "At most 500 characters",
  }),
  minutes: z
    .number({ message: "A number of minutes" })
    .int("A whole number of minutes")
    .min(1, "At least 1 minute")
    .max(SUPPORT_MAX_MINUTES, `At most ${SUPPORT_MAX_MINUTES} minutes`)
    .default(SUPPORT_MAX_MINUTES),
});
export type StartSupportInput = z.output<typeof startSupportSchema>;

export const tenantIdSchema = z.uuid({ message: "Not a tenant id" });
