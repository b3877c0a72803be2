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

/**
 * How a stored E.164 number is shown: in the national format when it belongs
 * to the tenant's own country ("022 555 01 02" in Geneva, "(416) 555-0102" in
 * Toronto), internationally otherwise ("+33 6 12 34 56 78"), as stored when
 * it does not parse.
 */
export function displayPhone(e164: string | null | undefined, region: CountryCode): string {
  if (!e164) return "";
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}
