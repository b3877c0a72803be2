import type { UiLocale } from "@/lib/i18n";
import { formatCalendarDate, formatInstant } from "@/lib/i18n/date-format";

/*
 * Times in the console are the tenant's wall clock in the member's UI
 * language. Shared by server and client components; `<time>` elements that
 * show them carry suppressHydrationWarning because the server's and the
 * browser's ICU may space "10:00 AM" differently.
 */

export function formatDateTime(iso: string, locale: UiLocale, timeZone: string): string {
  return formatInstant(iso, timeZone, locale);
}

export function formatTime(iso: string, locale: UiLocale, timeZone: string): string {
  return formatInstant(iso, timeZone, locale, { timeStyle: "short" });
}

/** A local date ("2030-03-01") as a long day name, e.g. "Friday, March 1". */
export function formatLocalDay(date: string, locale: UiLocale): string {
  return formatCalendarDate(date, locale, { weekday: "long", month: "long", day: "numeric" });
}

/** "YYYY-MM" as "March 2030". */
export function formatMonth(month: string, locale: UiLocale): string {
  return formatCalendarDate(`${month}-15`, locale, { month: "long", year: "numeric" });
}

/** "45 s", "3 min 05 s", "1 h 02 min": the same units read naturally in French and English. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  return `${m} min ${String(s % 60).padStart(2, "0")} s`;
}

export function formatNumber(value: number, locale: UiLocale): string {
  return new Intl.NumberFormat(locale).format(value);
}
