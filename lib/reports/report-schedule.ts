import "server-only";
import { addDays, instantAt, wallClockAt, type LocalDate } from "@/lib/booking/local-time";

/*
 * Which local dates of a tenant are due a report at `now`: a date is due
 * once the instant its wall clock reads the report hour has passed. The
 * instant comes from instantAt, so an hour skipped by a spring-forward change
 * (02:00 in Paris on the last Sunday of March) falls at the end of the gap
 * (03:00) and an hour that happens twice in autumn counts from its first
 * occurrence; the stored row (unique per tenant and local date) makes it once.
 *
 * Only today and yesterday are ever considered: yesterday covers a worker
 * that was down over the report hour (its report still arrives the next
 * morning), while an older day's report would be stale news, so a new tenant
 * or a long outage never backfills weeks of mail. A date whose report hour
 * came before the tenant existed is never due either.
 */

export interface ReportSchedule {
  now: Date;
  timeZone: string;
  hour: number;
  /** When the tenant was created. */
  since: Date;
}

export function reportDatesDue({ now, timeZone, hour, since }: ReportSchedule): LocalDate[] {
  const today = wallClockAt(now, timeZone).date;
  return [addDays(today, -1), today].filter((date) => {
    const at = instantAt(date, hour * 60, timeZone);
    return at.getTime() <= now.getTime() && at.getTime() >= since.getTime();
  });
}

/** [start, end) of a local date in `timeZone`: 23 or 25 hours long on a DST change day. */
export function localDayBounds(date: LocalDate, timeZone: string): { from: Date; to: Date } {
  return { from: instantAt(date, 0, timeZone), to: instantAt(addDays(date, 1), 0, timeZone) };
}
