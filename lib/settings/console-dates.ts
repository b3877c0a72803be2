import type { UiLocale } from "@/lib/i18n";

/*
 * Dates as the console shows them, formatted on the server (Node's and the
 * browser's ICU data differ slightly, which would break hydration). Calendar
 * dates carry no time zone; instants are shown in the tenant's.
 */

/** A calendar date ("2030-03-01") in the UI language, e.g. "Fri 1 Mar 2030" / "ven. 1 mars 2030". */
export function formatCalendarDate(date: string, locale: UiLocale, options: Intl.DateTimeFormatOptions = { dateStyle: "medium" }): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));
}

/** An instant in the tenant's time zone, date and time. */
export function formatInstant(instant: Date | string, timeZone: string, locale: UiLocale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(instant));
}
