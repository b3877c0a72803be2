import "server-only";
import { billingNoticeMessages } from "@/lib/i18n/billing-notice-messages";
import { fillMessage } from "@/lib/i18n/messages";

/*
 * Never drop a caller: a business that cannot be served (suspended, trial
 * over, or a new conversation past its plan) still answers, in the caller's
 * language, with its own phone number; on the phone the call is put through
 * to that number instead of the receptionist.
 */

export type CallerLocale = "fr" | "en";

export function politeReply(locale: CallerLocale, business: string, phone: string | null): string {
  const m = billingNoticeMessages[locale];
  return fillMessage(phone ? m.politeWithPhone : m.politeNoPhone, { business, phone: phone ?? "" });
}

/**
 * The answer to Vapi's assistant-request: a `destination` transfers the call
 * at once and skips any assistant (docs.vapi.ai, server events); without a
 * number to transfer to, `error` is spoken and the call ends.
 */
export function voiceTransferAnswer(
  locale: CallerLocale,
  business: string,
  phone: string | null,
): { destination: { type: "number"; number: string; message: string } } | { error: string } {
  const m = billingNoticeMessages[locale];
  return phone
    ? { destination: { type: "number", number: phone, message: fillMessage(m.politeVoiceTransfer, { business }) } }
    : { error: fillMessage(m.politeVoiceNoPhone, { business }) };
}
