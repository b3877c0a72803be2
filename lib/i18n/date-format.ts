import type { UiLocale } from "./ui-locale";

/*
 * Every date the console shows goes through here. Building an
 * Intl.DateTimeFormat is far dearer than using one, so they are kept per
 * locale, zone and options. A calendar date ("2030-03-01") carries no zone:
 * it is formatted at noon UTC, so no zone can move it to another day. An
 * instant is shown in the tenant's zone, never the viewer's, so the server's
 * render and the browser's agree.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

export function dateFormatter(locale: UiLocale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { ...options, timeZone })));
  return f;
}

/** A calendar date in the UI language, e.g. "Mar 1, 2030" / "1 mars 2030". */
export function formatCalendarDate(
  date: string,
  locale: UiLocale,
  options: Intl.DateTimeFormatOptions = { dateStyle: "medium" },
): string {
  return dateFormatter(locale, "UTC", options).format(new Date(`${date}T12:00:00Z`));
}

/** An instant in `timeZone`, by default as a medium date and a short time. */
export function formatInstant(
  instant: Date | string,
  timeZone: string,
  locale: UiLocale,
  options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" },
): string {
  return dateFormatter(locale, timeZone, options).format(new Date(instant));
}
