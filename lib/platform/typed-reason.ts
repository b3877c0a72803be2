import { z } from "zod";

/*
 * The reason an admin types for an action or for support mode, read by the
 * owner and kept on the audit trails. Invisible format characters (zero-width
 * spaces, joiners, BOM) are dropped before the length is checked, so five of
 * them are not a reason. Free of server code: the console's dialogs use it too.
 */
export function typedReasonSchema(messages: { required: string; min: string; max: string }) {
  return z
    .string({ message: messages.required })
    .transform((v) => v.replace(/\p{Cf}/gu, "").trim())
    .pipe(z.string().min(5, messages.min).max(500, messages.max));
}
