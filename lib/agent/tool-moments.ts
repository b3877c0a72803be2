import { addDays, instantAt, wallClockAt } from "@/lib/booking";
import { parseWhen } from "./date-parser";
import type { AgentLocale } from "./language";
import type { TenantFacts } from "./tenant-facts";

/* A voice tool's day and time arguments: ISO with an offset, a local date-time, or words. */

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

interface Moment {
  instant?: Date;
  date?: string;
}

export function momentOf(values: Array<string | undefined>, facts: TenantFacts, now: Date, locale: AgentLocale): Moment | null {
  const joined = values.filter(Boolean).join(" ").trim();
  if (!joined) return null;
  if (WITH_OFFSET.test(joined)) return { instant: new Date(joined) };
  const local = joined.match(LOCAL_DATE_TIME);
  if (local?.[1]) return { instant: instantAt(local[1], Number(local[2]) * 60 + Number(local[3]), facts.timeZone), date: local[1] };
  const when = parseWhen(joined, now, facts.timeZone, locale, facts.region);
  if (!when) return null;
  const today = wallClockAt(now, facts.timeZone);
  if (when.minutes !== undefined) {
    const date = when.date ?? (when.minutes > today.minutes ? today.date : addDays(today.date, 1));
    return { instant: instantAt(date, when.minutes, facts.timeZone), date };
  }
  return when.date ? { date: when.date } : null;
}
