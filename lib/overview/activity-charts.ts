import "server-only";
import { z } from "zod";
import { addDays, wallClockAt, type LocalDate } from "@/lib/booking/local-time";
import type { TenantDb } from "@/lib/db/tenant-db";

/*
 * The Overview's charts, as SQL aggregates on the tenant's wall clock: a
 * conversation started at 23:30 in Montréal belongs to that Montréal day and
 * hour, whatever UTC says. The period is the last 7, 30 or 90 local days,
 * today included; each day is bounded by the zone's own midnights (so a DST
 * change gives a 23- or 25-hour day, as it does at the front desk).
 */

export const CHART_PERIODS = [7, 30, 90] as const;
export type ChartPeriod = (typeof CHART_PERIODS)[number];
export const DEFAULT_CHART_PERIOD: ChartPeriod = 30;

export const chartPeriodSchema = z.coerce
  .number()
  .int()
  .refine((n): n is ChartPeriod => (CHART_PERIODS as readonly number[]).includes(n))
  .catch(DEFAULT_CHART_PERIOD);

export interface ActivityCharts {
  period: ChartPeriod;
  timeZone: string;
  from: LocalDate;
  to: LocalDate;
  /** One row per local day of the period, oldest first, zeros included. */
  conversationsPerDay: Array<{ date: LocalDate; voice: number; whatsapp: number; web: number }>;
  /** Appointments booked (created) on each local day, whoever booked them and whatever became of them. */
  bookingsPerDay: Array<{ date: LocalDate; bookings: number }>;
  handoff: { conversations: number; handedOff: number };
  /** Conversations started in each local hour of the day over the period, 0–23. */
  busiestHours: Array<{ hour: number; conversations: number }>;
}

export async function loadActivityCharts(db: TenantDb, timeZone: string, period: ChartPeriod, now = new Date()): Promise<ActivityCharts> {
  const to = wallClockAt(now, timeZone).date;
  const from = addDays(to, -(period - 1));
  const end = addDays(to, 1);
  // The period's bounds as instants: local midnights of its first day and of the day after today.
  const [conversations, bookings, hours] = await Promise.all([
    db.$queryRaw<Array<{ day: string; channel: "voice" | "whatsapp" | "web"; n: number; handed_off: number }>>`
      SELECT to_char((started_at AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS day, channel::text AS channel,
             count(*)::int AS n, count(*) FILTER (WHERE status = 'handed_off')::int AS handed_off
      FROM conversations
      WHERE started_at >= (${from}::date::timestamp AT TIME ZONE ${timeZone})
        AND started_at < (${end}::date::timestamp AT TIME ZONE ${timeZone})
      GROUP BY 1, 2`,
    db.$queryRaw<Array<{ day: string; n: number }>>`
      SELECT to_char((created_at AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM appointments
      WHERE created_at >= (${from}::date::timestamp AT TIME ZONE ${timeZone})
        AND created_at < (${end}::date::timestamp AT TIME ZONE ${timeZone})
      GROUP BY 1`,
    db.$queryRaw<Array<{ hour: number; n: number }>>`
      SELECT extract(hour FROM started_at AT TIME ZONE ${timeZone})::int AS hour, count(*)::int AS n
      FROM conversations
      WHERE started_at >= (${from}::date::timestamp AT TIME ZONE ${timeZone})
        AND started_at < (${end}::date::timestamp AT TIME ZONE ${timeZone})
      GROUP BY 1`,
  ]);
  const days = Array.from({ length: period }, (_, i) => addDays(from, i));
  const perDay = new Map(days.map((date) => [date, { date, voice: 0, whatsapp: 0, web: 0 }]));
  let total = 0;
  let handedOff = 0;
  for (const row of conversations) {
    const day = perDay.get(row.day);
    if (day) day[row.channel] += row.n;
    total += row.n;
    handedOff += row.handed_off;
  }
  const booked = new Map(bookings.map((r) => [r.day, r.n]));
  const byHour = new Map(hours.map((r) => [r.hour, r.n]));
  return {
    period,
    timeZone,
    from,
    to,
    conversationsPerDay: days.map((date) => perDay.get(date)!),
    bookingsPerDay: days.map((date) => ({ date, bookings: booked.get(date) ?? 0 })),
    handoff: { conversations: total, handedOff },
    busiestHours: Array.from({ length: 24 }, (_, hour) => ({ hour, conversations: byHour.get(hour) ?? 0 })),
  };
}
