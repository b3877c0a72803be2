import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/*
 * Channel routes store numbers in E.164. Providers mostly send E.164 already,
 * but WhatsApp prefixes it ("whatsapp:+41…") and callers type numbers in
 * local formats in the web chat, so everything goes through one parser.
 */

const WHATSAPP_PREFIX = /^whatsapp:/i;

/** E.164 form of `raw`, or null when it is not a possible phone number. */
export function toE164(raw: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(raw.replace(WHATSAPP_PREFIX, "").trim(), defaultCountry);
  return parsed?.isPossible() ? parsed.number : null;
}
