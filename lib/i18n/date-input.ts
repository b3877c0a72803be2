import type { UiLocale } from "./ui-locale";

/*
 * Date and time fields in the console's language, whatever the browser's
 * locale: French reads dd/mm/yyyy and a 24-hour clock, English mm/dd/yyyy and
 * "2:30 PM". Values travel as ISO dates ("2030-01-31") and "HH:MM"; these
 * functions only translate between that and what a person reads and types.
 * Built by hand rather than with Intl so the server's and the browser's ICU
 * can never render a field differently.
 */

const pad = (n: number) => String(n).padStart(2, "0");

export function datePlaceholder(locale: UiLocale): string {
  return locale === "fr" ? "jj/mm/aaaa" : "mm/dd/yyyy";
}

export function timePlaceholder(locale: UiLocale): string {
  return locale === "fr" ? "hh:mm" : "h:mm AM";
}

/** "2030-01-31" → "31/01/2030" (fr) or "01/31/2030" (en); anything else is shown as it is. */
export function formatDateInput(iso: string, locale: UiLocale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return locale === "fr" ? `${m[3]}/${m[2]}/${m[1]}` : `${m[2]}/${m[3]}/${m[1]}`;
}

function validDate(year: number, month: number, day: number): string | null {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** What was typed → an ISO date, or null. ISO itself is always understood; otherwise day first in French, month first in English. */
export function parseDateInput(text: string, locale: UiLocale): string | null {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(value);
  if (!m) return null;
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const [a, b] = [Number(m[1]), Number(m[2])];
  return locale === "fr" ? validDate(year, b, a) : validDate(year, a, b);
}

/** Minutes after midnight → "14:30" (fr) or "2:30 PM" (en). */
export function formatClock(minutes: number, locale: UiLocale): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  if (locale === "fr") return `${pad(h)}:${pad(m)}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${pad(m)} ${h < 12 ? "AM" : "PM"}`;
}

/** "14:30" → the clock in the console's language; anything else as it is. */
export function formatTimeInput(hhmm: string, locale: UiLocale): string {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? formatClock(Number(m[1]) * 60 + Number(m[2]), locale) : hhmm;
}

/** "14:30", "14h30", "9", "2:30 pm", "2 PM", "12:15 a.m." → "HH:MM", or null. */
export function parseTimeInput(text: string): string | null {
  const m = /^(\d{1,2})(?:\s*[:hH.]\s*(\d{2}))?\s*([aApP])?\.?\s*(?:[mM]\.?)?$/.exec(text.trim());
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (min > 59) return null;
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    const pm = m[3].toLowerCase() === "p";
    h = (h % 12) + (pm ? 12 : 0);
  } else if (h > 23) {
    return null;
  }
  return `${pad(h)}:${pad(min)}`;
}
