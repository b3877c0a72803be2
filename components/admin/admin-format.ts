/*
 * How the console writes times, shares and money. Support works across every
 * region, so instants are shown in UTC and say so; money keeps its currency.
 */

const utc = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit" });
const utcDay = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", year: "numeric", month: "short", day: "2-digit" });

export function formatUtc(at: Date | string | null | undefined, empty = "—"): string {
  if (!at) return empty;
  return `${utc.format(new Date(at))} UTC`;
}

export function formatUtcDay(at: Date | string | null | undefined, empty = "—"): string {
  return at ? utcDay.format(new Date(at)) : empty;
}

export function formatPercent(percent: number | null): string {
  return percent === null ? "No quota" : `${percent.toLocaleString("en-GB", { maximumFractionDigits: 1 })} %`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

/** "past_due" → "Past due". */
export function humanize(code: string): string {
  const text = code.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const cardClass = "rounded-xl border border-slate-200 p-5";
export const tableClass = "w-full text-left text-sm";
export const thClass = "border-b border-slate-200 px-2 py-2 font-semibold";
export const tdClass = "border-b border-slate-100 px-2 py-2 align-top";
export const linkClass = "font-medium text-brand-800 underline-offset-2 hover:underline";
