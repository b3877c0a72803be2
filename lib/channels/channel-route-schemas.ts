import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { phoneNumberField } from "@/lib/settings/settings-schemas";

/* Channels page forms; shared by the client forms and the route handlers. */

export function claimNumberSchema(region: CountryCode) {
  return z.object({
    channel: z.enum(["voice", "whatsapp"], { message: "Channel must be voice or whatsapp" }),
    number: phoneNumberField(region, "Number"),
    label: z.string().trim().max(60, "Label must be at most 60 characters").default(""),
  });
}

const origin = z
  .string()
  .trim()
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if ((url.protocol === "http:" || url.protocol === "https:") && (url.pathname === "/" || url.pathname === "") && !url.search && !url.hash) {
        return url.origin;
      }
    } catch {
      // fall through to the message below
    }
    ctx.addIssue({ code: "custom", message: `"${value}" is not an origin like https://www.example.com` });
    return z.NEVER;
  });

export const allowedOriginsSchema = z.object({
  allowedOrigins: z
    .array(origin, { message: "Allowed origins must be a list" })
    .max(20, "At most 20 origins per key")
    .transform((list) => [...new Set(list)]),
});

export const createWidgetKeySchema = z.object({
  label: z.string().trim().min(1, "Give the key a name, e.g. Main website").max(60, "Name must be at most 60 characters"),
  allowedOrigins: allowedOriginsSchema.shape.allowedOrigins.default([]),
});
