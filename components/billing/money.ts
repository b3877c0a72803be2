import type { UiLocale } from "@/lib/i18n";

/** An amount in minor units as the reader expects it, e.g. "CHF 1,490" (en) or "1 490 CHF" (fr). */
export function formatMoney(cents: number, currency: string, locale: UiLocale): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    maximumFractionDigits: cents % 100 ? 2 : 0,
  }).format(cents / 100);
}
