import "server-only";
import { describeError, logger } from "@/lib/observability";
import { systemClock, type Clock } from "@/lib/jobs/clock";
import { requireTenantId } from "@/lib/tenancy";
import { adapterFor, type ConnectionRow } from "./calendar-credentials";
import { calendarSql } from "./calendar-sql";
import type { BusyInterval, ExternalBusy } from "./calendar-types";
import { clipIntervals, intervalsFromJson, subtractIntervals } from "./intervals";
import { recordCalendarFailure, recordCalendarSuccess } from "./connection-health";

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

/*
 * Which resources of a tenant have a calendar, per process, for 30 s: most
 * tenants have none, and their availability queries (the receptionist's
 * turn included) then cost no statement at all. Connecting or disconnecting
 * here forgets it at once; another instance sees it within 30 s.
 */
const CONNECTED_TTL_MS = 30_000;
const connectedKey = Symbol.for("frontdesk.calendar-connected-resources");
const connected = ((globalThis as Record<symbol, Map<string, { at: number; ids: Set<string> }>>)[connectedKey] ??= new Map());

export function forgetConnectedResources(tenantId: string): void {
  connected.delete(tenantId);
}

async function connectedResources(tenantId: string, now: number): Promise<Set<string>> {
  const cached = connected.get(tenantId);
  if (cached && now - cached.at < CONNECTED_TTL_MS && now >= cached.at) return cached.ids;
  const rows = await calendarSql<{ resource_id: string }>(`SELECT resource_id FROM calendar_connections WHERE tenant_id = $1`, [tenantId]);
  const ids = new Set(rows.map((r) => r.resource_id));
  connected.set(tenantId, { at: now, ids });
  return ids;
}

export function createCalendarBusy(options: CalendarBusyOptions = {}): ExternalBusy {
  const clock = options.clock ?? systemClock;
  const memory = new Map<string, Entry>();

  const covers = (e: Entry | undefined, from: number, to: number): e is Entry => !!e && e.from <= from && e.to >= to;

  function snapshotOf(row: BusyRow): Entry | undefined {
    if (!row.busyFetchedAt || !row.busyFrom || !row.busyTo) return undefined;
    return { from: row.busyFrom.getTime(), to: row.busyTo.getTime(), fetchedAt: row.busyFetchedAt.getTime(), busy: intervalsFromJson(row.busySnapshot) };
  }

  async function busyOf(row: BusyRow, from: number, to: number): Promise<BusyInterval[]> {
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
      await recordCalendarSuccess(row.id, new Date(now), { busy, from: new Date(windowFrom), to: new Date(windowTo) });
      return busy;
    } catch (error) {
      logger().warn({ connectionId: row.id, err: describeError(error) }, "calendar busy times unavailable");
      await recordCalendarFailure(row.id, new Date(now), error);
      memory.set(key, { ...(stale ?? { from: 0, to: 0, fetchedAt: 0, busy: [] }), retryAfter: now + FRESH_MS });
      return stale?.busy ?? [];
    }
  }

  return async (resourceIds, from, to) => {
    const result = new Map<string, BusyInterval[]>();
    if (!resourceIds.length || to <= from) return result;
    const tenantId = requireTenantId("Calendar busy times");
    const withCalendar = await connectedResources(tenantId, Date.now());
    const asked = resourceIds.filter((id) => withCalendar.has(id));
    if (!asked.length) return result;
    const rows = await calendarSql<BusyRow>(ROWS, [asked, from, to, tenantId]);
    await Promise.all(
      rows.map(async (row) => {
        const busy = await busyOf(row, from.getTime(), to.getTime());
        const own = row.own.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));
        result.set(row.resourceId, subtractIntervals(clipIntervals(busy, from, to), own));
      }),
    );
    return result;
  };
}
