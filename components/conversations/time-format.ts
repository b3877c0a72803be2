import type { UiLocale } from "@/lib/i18n";

/*
 * Times in the console are the tenant's wall clock in the member's UI
 * language. Shared by server and client components; `<time>` elements that
 * show them carry suppressHydrationWarning because the server's and the
 * browser's ICU may space "10:00 AM" differently.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: UiLocale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string, locale: UiLocale, timeZone: string): string {
  return formatter(locale, timeZone, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatTime(iso: string, locale: UiLocale, timeZone: string): string {
  return formatter(locale, timeZone, { timeStyle: "short" }).format(new Date(iso));
}

/** A local date ("2030-03-01") as a long day name, e.g. "Friday, March 1". */
export function formatLocalDay(date: string, locale: UiLocale): string {
  return formatter(locale, "UTC", { weekday: "long", month: "long", day: "numeric" }).format(new Date(`${date}T12:00:00Z`));
}

/** "YYYY-MM" as "March 2030". */
export function formatMonth(month: string, locale: UiLocale): string {
  return formatter(locale, "UTC", { month: "long", year: "numeric" }).format(new Date(`${month}-15T12:00:00Z`));
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
