import "server-only";
import { describeError, logger } from "@/lib/observability";
import { systemClock, type Clock } from "@/lib/jobs/clock";
import { requireTenantId } from "@/lib/tenancy";
import { adapterFor, type ConnectionRow } from "./calendar-credentials";
import { calendarSql, type CalendarSql } from "./calendar-sql";
import type { BusyInterval } from "./calendar-types";
import { clipIntervals, intervalsFromJson, subtractIntervals } from "./intervals";
import { recordBusyFailure, recordBusySnapshot } from "./connection-health";

/*
 * External busy times per resource for availability. A calendar is asked at
 * most once a minute per instance (FRESH_MS); the answer is also stored on
 * the connection, so other instances and the calendar.sync job share it, and
 * a Google push (changed_at) makes every cached answer older than it stale.
 *
 * Outage rule: a calendar that cannot be reached never fails availability.
 * Its last known busy times are used while they are under STALE_MAX_MS old
 * (15 minutes), then none; the error is recorded on the connection and the
 * calendar is not asked again for a minute.
 *
 * Its statements run where the booking's do (`run`): inside a booking's
 * transaction they use that connection, never a second one, which a pool
 * of one (the embedded dev database) could not give while the transaction
 * holds it. Callers ask only for resources that have a calendar (booking
 * reads that with the resources, cached per config version).
 */

export const FRESH_MS = 60_000;
export const STALE_MAX_MS = 15 * 60_000;
const DAY = 86_400_000;
/** Fetch a week at least, from the start of the UTC day, so the next queries hit the cache. */
const MIN_WINDOW_MS = 7 * DAY;

interface Entry {
  from: number;
  to: number;
  fetchedAt: number;
  busy: BusyInterval[];
  /** After a failure: do not ask the calendar again before this. */
  retryAfter?: number;
}

interface BusyRow extends ConnectionRow {
  resourceId: string;
  timeZone: string;
  busySnapshot: unknown;
  busyFrom: Date | null;
  busyTo: Date | null;
  busyFetchedAt: Date | null;
  changedAt: Date | null;
  own: Array<[string, string]>;
}

const ROWS = `SELECT c.id, c.tenant_id AS "tenantId", c.resource_id AS "resourceId", c.provider::text AS provider,
    c.calendar_ref AS "calendarRef", c.ciphertext, c.iv, c.auth_tag AS "authTag", c.key_version AS "keyVersion",
    c.busy_snapshot AS "busySnapshot", c.busy_from AS "busyFrom", c.busy_to AS "busyTo",
    c.busy_fetched_at AS "busyFetchedAt", c.changed_at AS "changedAt", t.timezone AS "timeZone",
    -- Our own events stand for appointments (or an accepted move): never busy twice.
    COALESCE((SELECT json_agg(json_build_array(r.s, r.e)) FROM (
      SELECT e.synced_starts_at AS s, e.synced_ends_at AS e FROM appointment_calendar_events e
       WHERE e.tenant_id = c.tenant_id AND e.connection_id = c.id AND e.synced_starts_at IS NOT NULL
         AND e.sync_state IN ('synced', 'pending') AND e.synced_starts_at < $3 AND e.synced_ends_at > $2
      UNION ALL
      SELECT e.conflict_starts_at, e.conflict_ends_at FROM appointment_calendar_events e
       WHERE e.tenant_id = c.tenant_id AND e.connection_id = c.id AND e.conflict_kind = 'moved'
         AND e.conflict_starts_at < $3 AND e.conflict_ends_at > $2) r), '[]'::json) AS own
  FROM calendar_connections c JOIN tenants t ON t.id = c.tenant_id
  WHERE c.tenant_id = $4 AND c.resource_id = ANY($1::uuid[])`;

export interface CalendarBusyOptions {
  clock?: Clock;
}

/** ExternalBusy (lib/booking's shape), plus where its statements run. */
export type CalendarBusy = (resourceIds: string[], from: Date, to: Date, run?: CalendarSql) => Promise<Map<string, BusyInterval[]>>;

export function createCalendarBusy(options: CalendarBusyOptions = {}): CalendarBusy {
  const clock = options.clock ?? systemClock;
  const memory = new Map<string, Entry>();

  const covers = (e: Entry | undefined, from: number, to: number): e is Entry => !!e && e.from <= from && e.to >= to;

  function snapshotOf(row: BusyRow): Entry | undefined {
    if (!row.busyFetchedAt || !row.busyFrom || !row.busyTo) return undefined;
    return { from: row.busyFrom.getTime(), to: row.busyTo.getTime(), fetchedAt: row.busyFetchedAt.getTime(), busy: intervalsFromJson(row.busySnapshot) };
  }

  async function busyOf(row: BusyRow, from: number, to: number, run: CalendarSql): Promise<BusyInterval[]> {
    const now = clock.now().getTime();
    const key = `${row.tenantId}:${row.id}`;
    const changed = row.changedAt?.getTime() ?? 0;
    const fresh = (e: Entry | undefined): e is Entry => covers(e, from, to) && now - e.fetchedAt < FRESH_MS && e.fetchedAt >= changed;
    const usableStale = (e: Entry | undefined): e is Entry => covers(e, from, to) && now - e.fetchedAt < STALE_MAX_MS;

    const mem = memory.get(key);
    if (fresh(mem) && !mem.retryAfter) return mem.busy;
    const snapshot = snapshotOf(row);
    if (fresh(snapshot)) {
      memory.set(key, snapshot);
      return snapshot.busy;
    }
    const stale = [mem, snapshot].filter(usableStale).sort((a, b) => b.fetchedAt - a.fetchedAt)[0];
    if (mem?.retryAfter && mem.retryAfter > now) return stale?.busy ?? [];

    const windowFrom = Math.floor(from / DAY) * DAY;
    const windowTo = Math.max(to, windowFrom + MIN_WINDOW_MS);
    try {
      const busy = await (await adapterFor(row, row.timeZone)).freeBusy(new Date(windowFrom), new Date(windowTo));
      const entry: Entry = { from: windowFrom, to: windowTo, fetchedAt: now, busy };
      memory.set(key, entry);
      await recordBusySnapshot(row.id, new Date(now), { busy, from: new Date(windowFrom), to: new Date(windowTo) }, run);
      return busy;
    } catch (error) {
      logger().warn({ connectionId: row.id, err: describeError(error) }, "calendar busy times unavailable");
      await recordBusyFailure(row.id, new Date(now), error, run);
      memory.set(key, { ...(stale ?? { from: 0, to: 0, fetchedAt: 0, busy: [] }), retryAfter: now + FRESH_MS });
      return stale?.busy ?? [];
    }
  }

  return async (resourceIds, from, to, run = calendarSql) => {
    const result = new Map<string, BusyInterval[]>();
    if (!resourceIds.length || to <= from) return result;
    const tenantId = requireTenantId("Calendar busy times");
    const rows = await run<BusyRow>(ROWS, [resourceIds, from, to, tenantId]);
    // The calendars are asked in parallel; on a transaction's connection the statements simply queue.
    await Promise.all(
      rows.map(async (row) => {
        const busy = await busyOf(row, from.getTime(), to.getTime(), run);
        const own = row.own.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));
        result.set(row.resourceId, subtractIntervals(clipIntervals(busy, from, to), own));
      }),
    );
    return result;
  };
}
