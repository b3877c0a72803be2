import type { AppointmentStatusValue } from "@/lib/booking/appointment-schemas";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import { formatCalendarDate, formatInstant } from "@/lib/i18n/date-format";
import type { UiLocale } from "@/lib/i18n/ui-locale";

/*
 * Dates and times as the practice reads them: a local date is formatted as a
 * calendar day (no zone can shift it) and an instant in the tenant's zone.
 * A 24-hour clock in both languages, so the server's and the browser's ICU
 * render the same text and hydration matches.
 */

/** "Mon, Jan 6" / "lun. 6 janv." */
export function formatDay(date: string, locale: UiLocale): string {
  return formatCalendarDate(date, locale, { weekday: "short", day: "numeric", month: "short" });
}

/** "Monday, January 6, 2030" / "lundi 6 janvier 2030" */
export function formatLongDay(date: string, locale: UiLocale): string {
  return formatCalendarDate(date, locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

export function formatTime(iso: string, timeZone: string, locale: UiLocale): string {
  return formatInstant(iso, timeZone, locale, { hour: "numeric", minute: "2-digit" });
}

/** A day and a time in the tenant's zone, e.g. "Mon, Jan 6, 09:00". */
export function formatWhen(iso: string, timeZone: string, locale: UiLocale): string {
  return formatInstant(iso, timeZone, locale, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });
}

export function statusLabel(t: AppointmentsMessages, status: AppointmentStatusValue): string {
  return t[`status_${status}`];
}

/** A null channel is an appointment made by hand in the console. */
export function channelLabel(t: AppointmentsMessages, channel: "voice" | "whatsapp" | "web" | null): string {
  return t[`channel_${channel ?? "manual"}`];
}
