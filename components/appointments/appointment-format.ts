import type { AppointmentStatusValue } from "@/lib/booking/appointment-schemas";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";

/*
 * Dates and times as the practice reads them: a local date is formatted as a
 * calendar day (no zone can shift it) and an instant in the tenant's zone.
 * A 24-hour clock in both languages, so the server's and the browser's ICU
 * render the same text and hydration matches.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: UiLocale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, ...options })));
  return f;
}

const noon = (date: string) => new Date(`${date}T12:00:00Z`);

/** "Mon, Jan 6" / "lun. 6 janv." */
export function formatDay(date: string, locale: UiLocale): string {
  return formatter(locale, "UTC", { weekday: "short", day: "numeric", month: "short" }).format(noon(date));
}

/** "Monday, January 6, 2030" / "lundi 6 janvier 2030" */
export function formatLongDay(date: string, locale: UiLocale): string {
  return formatter(locale, "UTC", { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(noon(date));
}

export function formatTime(iso: string, timeZone: string, locale: UiLocale): string {
  return formatter(locale, timeZone, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/** A day and a time in the tenant's zone, e.g. "Mon, Jan 6, 09:00". */
export function formatWhen(iso: string, timeZone: string, locale: UiLocale): string {
  return formatter(locale, timeZone, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

export function statusLabel(t: AppointmentsMessages, status: AppointmentStatusValue): string {
  return t[`status_${status}`];
}

/** A null channel is an appointment made by hand in the console. */
export function channelLabel(t: AppointmentsMessages, channel: "voice" | "whatsapp" | "web" | null): string {
  return t[`channel_${channel ?? "manual"}`];
}
