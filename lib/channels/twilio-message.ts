import { z } from "zod";
import { ApiError, type FormFields } from "@/lib/http";

/*
 * The parameters of a Twilio WhatsApp post that this code uses, each held to
 * Twilio's exact format. Why so strict: Twilio's signature covers the URL and
 * every parameter as one string of sorted names and values run together, so
 * characters can be moved across the boundary between one value and the next
 * name without changing it (`Body=Hi` + `From…` ≡ `Body=HiFrom…` minus
 * `From`). A captured post can thus be replayed with altered values that
 * still verify. Every shifted boundary lands in some parameter we read; a
 * format that allows nothing extra (a SID is 34 characters, a sender is one
 * E.164 number, SmsSid repeats MessageSid, WaId repeats From's digits, no
 * name we read appears twice) turns such a replay into a 400. A faithful
 * replay keeps its MessageSid, which the agent already answers only once.
 */

const sid = (prefix: string) => new RegExp(`^(?:${prefix})[0-9a-f]{32}$`);
const MESSAGE_SID = sid("SM|MM");
const ACCOUNT_SID = sid("AC");
const WHATSAPP_ADDRESS = /^(?:whatsapp:)?\+[1-9]\d{6,14}$/;

const address = (name: string) =>
  z.string({ message: `${name} is required` }).regex(WHATSAPP_ADDRESS, `${name} must be a WhatsApp address such as whatsapp:+41791234567`);
const messageSid = z.string({ message: "MessageSid is required" }).regex(MESSAGE_SID, "MessageSid must be SM or MM followed by 32 hex digits");
const accountSid = z.string({ message: "AccountSid is required" }).regex(ACCOUNT_SID, "AccountSid must be AC followed by 32 hex digits");

const common = {
  To: address("To"),
  From: address("From"),
  MessageSid: messageSid,
  AccountSid: accountSid,
  SmsSid: messageSid.optional(),
  SmsMessageSid: messageSid.optional(),
};

const digitsOf = (addr: string) => addr.replace(/^whatsapp:\+/, "").replace(/^\+/, "");

function sameMessage(m: { MessageSid: string; SmsSid?: string; SmsMessageSid?: string }, ctx: z.RefinementCtx) {
  for (const name of ["SmsSid", "SmsMessageSid"] as const) {
    if (m[name] !== undefined && m[name] !== m.MessageSid) ctx.addIssue({ code: "custom", path: [name], message: `${name} must equal MessageSid` });
  }
}

const inboundSchema = z
  .object({
    ...common,
    Body: z.string().max(4096, "Body must be at most 4096 characters").default(""),
    NumMedia: z.string().regex(/^(?:[0-9]|10)$/, "NumMedia must be a number from 0 to 10").default("0").transform(Number),
    WaId: z.string().regex(/^[1-9]\d{6,14}$/, "WaId must be the sender's number in digits").optional(),
    // The name the sender shows on WhatsApp; blank or odd, it is simply not used.
    ProfileName: z
      .string()
      .optional()
      .transform((s) => s?.replace(/\s+/g, " ").trim().slice(0, 200) || undefined),
  })
  .superRefine((m, ctx) => {
    sameMessage(m, ctx);
    if (m.WaId !== undefined && m.WaId !== digitsOf(m.From)) ctx.addIssue({ code: "custom", path: ["WaId"], message: "WaId must be From's number" });
  });

const statusSchema = z
  .object({ ...common, MessageStatus: z.string().regex(/^[a-z_-]{1,32}$/, "MessageStatus must be a Twilio message status") })
  .superRefine(sameMessage);

export type TwilioInbound = { kind: "message" } & z.output<typeof inboundSchema>;
export type TwilioStatus = { kind: "status" } & z.output<typeof statusSchema>;
export type TwilioMessage = TwilioInbound | TwilioStatus;

const USED = ["To", "From", "MessageSid", "AccountSid", "SmsSid", "SmsMessageSid", "Body", "NumMedia", "WaId", "ProfileName", "MessageStatus"];

/** The post's message, or a 400 naming the first parameter that is not exactly what Twilio sends. */
export function parseTwilioMessage(fields: FormFields): TwilioMessage {
  for (const name of USED) {
    if (Array.isArray(fields[name])) throw new ApiError("bad_request", `${name} must be posted once.`, name);
  }
  const single = fields as Record<string, string | undefined>;
  if (single.MessageStatus !== undefined) return { kind: "status", ...statusSchema.parse(single) };
  return { kind: "message", ...inboundSchema.parse(single) };
}
