import "server-only";
import { requireTenantId } from "@/lib/tenancy";
import { adapterFor, type ConnectionRow } from "./calendar-credentials";
import { calendarSql } from "./calendar-sql";
import type { ExternalEventState } from "./calendar-types";
import { recordCalendarFailure, recordCalendarSuccess } from "./connection-health";

/*
 * Events edited outside Frontdesk. Each pass reads our events of upcoming
 * appointments back from the calendar; one moved or deleted there becomes a
 * conflict on its row for staff to accept or dismiss. The appointment itself
 * is never changed here. An event put back where it was clears the conflict.
 */

const PER_CONNECTION = 200;
const TOLERANCE_MS = 1000;

interface SyncedEvent {
  id: string;
  appointmentId: string;
  connectionId: string;
  syncedStartsAt: Date;
  syncedEndsAt: Date;
  conflictKind: "moved" | "deleted" | null;
  conflictStartsAt: Date | null;
  conflictEndsAt: Date | null;
}

const SYNCED = `SELECT * FROM (
    SELECT e.id, e.appointment_id AS "appointmentId", e.connection_id AS "connectionId",
      e.synced_starts_at AS "syncedStartsAt", e.synced_ends_at AS "syncedEndsAt", e.conflict_kind::text AS "conflictKind",
      e.conflict_starts_at AS "conflictStartsAt", e.conflict_ends_at AS "conflictEndsAt",
      row_number() OVER (PARTITION BY e.connection_id ORDER BY a.starts_at) AS n
    FROM appointment_calendar_events e
    JOIN appointments a ON a.tenant_id = e.tenant_id AND a.id = e.appointment_id
    WHERE e.tenant_id = $1 AND e.sync_state = 'synced' AND a.status = 'booked' AND a.ends_at > $2
      AND ($3::uuid IS NULL OR e.connection_id = $3)) x
  WHERE n <= ${PER_CONNECTION}`;

const CONNECTIONS = `SELECT c.id, c.tenant_id AS "tenantId", c.provider::text AS provider, c.calendar_ref AS "calendarRef",
    c.ciphertext, c.iv, c.auth_tag AS "authTag", c.key_version AS "keyVersion", t.timezone AS "timeZone"
  FROM calendar_connections c JOIN tenants t ON t.id = c.tenant_id WHERE c.tenant_id = $1 AND ($2::uuid IS NULL OR c.id = $2)`;

const same = (a: Date, b: Date) => Math.abs(a.getTime() - b.getTime()) < TOLERANCE_MS;

function verdict(row: SyncedEvent, state: ExternalEventState | null): { kind: "moved" | "deleted"; start?: Date; end?: Date } | null {
  if (!state) return { kind: "deleted" };
  if (same(state.start, row.syncedStartsAt) && same(state.end, row.syncedEndsAt)) return null;
  return { kind: "moved", start: state.start, end: state.end };
}

export interface ReconcileSummary {
  checked: number;
  conflicts: number;
}

/** One pass for the current tenant, or one of its connections (after a Google push). */
export async function reconcileExternalEdits(now: Date, connectionId: string | null = null): Promise<ReconcileSummary> {
  const tenantId = requireTenantId("Calendar reconcile");
  const summary: ReconcileSummary = { checked: 0, conflicts: 0 };
  const rows = await calendarSql<SyncedEvent>(SYNCED, [tenantId, now, connectionId]);
  const connections = await calendarSql<ConnectionRow & { timeZone: string }>(CONNECTIONS, [tenantId, connectionId]);
  for (const connection of connections) {
    const mine = rows.filter((r) => r.connectionId === connection.id);
    if (!mine.length) continue;
    let states: Map<string, ExternalEventState | null>;
    try {
      states = await (await adapterFor(connection, connection.timeZone)).readEvents(mine.map((r) => r.appointmentId));
      await recordCalendarSuccess(connection.id, now);
    } catch (error) {
      await recordCalendarFailure(connection.id, now, error);
      continue;
    }
    await calendarSql(`UPDATE calendar_connections SET reconciled_at = $2 WHERE id = $1`, [connection.id, now]);
    for (const row of mine) {
      summary.checked++;
      if (!states.has(row.appointmentId)) continue;
      const found = verdict(row, states.get(row.appointmentId) ?? null);
      if (!found) {
        if (row.conflictKind) await calendarSql(`UPDATE appointment_calendar_events SET conflict_kind = NULL, conflict_starts_at = NULL, conflict_ends_at = NULL, conflict_at = NULL, updated_at = now() WHERE id = $1`, [row.id]);
        continue;
      }
      const unchanged =
        row.conflictKind === found.kind &&
        (found.kind === "deleted" || (row.conflictStartsAt && row.conflictEndsAt && same(row.conflictStartsAt, found.start!) && same(row.conflictEndsAt, found.end!)));
      if (unchanged) continue;
      summary.conflicts++;
      await calendarSql(
        `UPDATE appointment_calendar_events SET conflict_kind = $2::"CalendarConflictKind", conflict_starts_at = $3, conflict_ends_at = $4,
           conflict_at = $5, resolution = NULL, resolved_at = NULL, updated_at = now() WHERE id = $1 AND sync_state = 'synced'`,
        [row.id, found.kind, found.start ?? null, found.end ?? null, now],
      );
    }
  }
  return summary;
}
