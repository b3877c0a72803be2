import type { AppointmentStatusValue } from "@/lib/booking/appointment-schemas";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import { formatCalendarDate, formatInstant } from "@/lib/i18n/date-format";
import { formatTimeInput } from "@/lib/i18n/date-input";
import { wallClockAt } from "@/lib/booking/local-time";
import type { UiLocale } from "@/lib/i18n/ui-locale";

/*
 * Dates and times as the practice reads them: a local date is formatted as a
 * calendar day (no zone can shift it) and an instant in the tenant's zone.
 * Clock times are composed by hand (24 h in French, "10:00 AM" in English),
 * so the server's and the browser's ICU render the same text and hydration
 * matches.
 */

/** "Mon, Jan 6" / "lun. 6 janv." */
export function formatDay(date: string, locale: UiLocale): string {
  return formatCalendarDate(date, locale, { weekday: "short", day: "numeric", month: "short" });
}

/** "Monday, January 6, 2030" / "lundi 6 janvier 2030" */
export function formatLongDay(date: string, locale: UiLocale): string {
  return formatCalendarDate(date, locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

/** "10:00 AM" / "10:00" in the tenant's zone. */
export function formatTime(iso: string, timeZone: string, locale: UiLocale): string {
  const wall = wallClockAt(new Date(iso), timeZone);
  return formatTimeInput(`${String(Math.floor(wall.minutes / 60)).padStart(2, "0")}:${String(wall.minutes % 60).padStart(2, "0")}`, locale);
}

/** A day and a time in the tenant's zone, e.g. "Mon, Jan 6, 9:00 AM" / "lun. 6 janv., 09:00". */
export function formatWhen(iso: string, timeZone: string, locale: UiLocale): string {
  const day = formatInstant(iso, timeZone, locale, { weekday: "short", day: "numeric", month: "short" });
  return `${day}, ${formatTime(iso, timeZone, locale)}`;
}

/** Both ends in full: "Mon, Jan 6, 10:00 AM – 10:45 AM" / "lun. 6 janv., 10:00 – 10:45". */
export function formatRange(startIso: string, endIso: string, timeZone: string, locale: UiLocale): string {
  return `${formatWhen(startIso, timeZone, locale)} – ${formatTime(endIso, timeZone, locale)}`;
}

/** "10:00 AM – 10:45 AM" / "10:00 – 10:45". */
export function formatTimeRange(startIso: string, endIso: string, timeZone: string, locale: UiLocale): string {
  return `${formatTime(startIso, timeZone, locale)} – ${formatTime(endIso, timeZone, locale)}`;
}

export function statusLabel(t: AppointmentsMessages, status: AppointmentStatusValue): string {
  return t[`status_${status}`];
}

/** A null channel is an appointment made by hand in the console. */
export function channelLabel(t: AppointmentsMessages, channel: "voice" | "whatsapp" | "web" | null): string {
  return t[`channel_${channel ?? "manual"}`];
}
