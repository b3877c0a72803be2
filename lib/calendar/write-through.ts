import "server-only";
import { calendarMessages } from "@/lib/i18n/calendar-messages";
import { fillMessage } from "@/lib/i18n/messages";
import { tenantOrigin } from "@/lib/tenancy/tenant-host";
import { requireTenantId } from "@/lib/tenancy";
import { adapterFor, type ConnectionRow } from "./calendar-credentials";
import { calendarSql } from "./calendar-sql";
import type { CalendarAdapter } from "./calendar-types";
import { calendarErrorMessage, recordCalendarFailure, recordCalendarSuccess } from "./connection-health";

/*
 * Makes each pending event match its appointment: present (created or
 * rewritten) while the appointment is not cancelled and its resource is the
 * connection's, absent otherwise. Every write is idempotent by appointment,
 * so a retry, a rerun or two workers converge on one event. A failure leaves
 * the row pending with a later next_attempt_at (1, 2, 4 … 60 minutes): a
 * calendar outage delays the event, never the booking.
 */

const BATCH = 50;
const MAX_ATTEMPTS = 48;
const MINUTE = 60_000;

interface DueEvent {
  id: string;
  appointmentId: string;
  connectionId: string;
  attempts: number;
  updatedAt: Date;
  status: string;
  startsAt: Date;
  endsAt: Date;
  resourceId: string;
  connectionResourceId: string;
  clientName: string;
  serviceName: string;
}

const DUE = `SELECT e.id, e.appointment_id AS "appointmentId", e.connection_id AS "connectionId", e.attempts, e.updated_at AS "updatedAt",
    a.status::text AS status, a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.resource_id AS "resourceId",
    c.resource_id AS "connectionResourceId", cl.name AS "clientName", s.name AS "serviceName"
  FROM appointment_calendar_events e
  JOIN appointments a ON a.tenant_id = e.tenant_id AND a.id = e.appointment_id
  JOIN calendar_connections c ON c.tenant_id = e.tenant_id AND c.id = e.connection_id
  JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
  JOIN clients cl ON cl.tenant_id = a.tenant_id AND cl.id = a.client_id
  WHERE e.tenant_id = $1 AND e.sync_state = 'pending' AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= $2)
  ORDER BY e.updated_at, e.id LIMIT ${BATCH}`;

export const CONNECTIONS = `SELECT c.id, c.tenant_id AS "tenantId", c.provider::text AS provider, c.calendar_ref AS "calendarRef",
    c.ciphertext, c.iv, c.auth_tag AS "authTag", c.key_version AS "keyVersion"
  FROM calendar_connections c WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`;

interface TenantText {
  timeZone: string;
  locale: "fr" | "en";
  origin: string;
}

async function tenantText(): Promise<TenantText> {
  const [t] = await calendarSql<{ slug: string; timezone: string; locale: string }>(`SELECT slug, timezone, locale FROM tenants LIMIT 1`, []);
  if (!t) throw new Error("The current tenant does not exist");
  return { timeZone: t.timezone, locale: t.locale === "en" ? "en" : "fr", origin: tenantOrigin(t.slug, new Headers()) };
}

function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

export interface WriteSummary {
  written: number;
  removed: number;
  retrying: number;
  failed: number;
}

async function settle(e: DueEvent, set: string, values: unknown[]): Promise<void> {
  // Only if the appointment did not change meanwhile: a newer change keeps the row pending.
  await calendarSql(`UPDATE appointment_calendar_events SET ${set}, updated_at = now() WHERE id = $1 AND updated_at = $2 AND sync_state = 'pending'`, [e.id, e.updatedAt, ...values]);
}

async function syncOne(e: DueEvent, adapter: CalendarAdapter, text: TenantText, now: Date): Promise<"written" | "removed"> {
  const present = e.status !== "cancelled" && e.resourceId === e.connectionResourceId;
  if (!present) {
    await adapter.deleteEvent(e.appointmentId);
    await settle(e, `sync_state = 'removed', attempts = 0, next_attempt_at = NULL, last_error = NULL, synced_at = $3, synced_starts_at = NULL, synced_ends_at = NULL`, [now]);
    return "removed";
  }
  const t = calendarMessages[text.locale];
  const url = `${text.origin}/appointments?week=${localDay(e.startsAt, text.timeZone)}&appointment=${e.appointmentId}`;
  const put = await adapter.putEvent({
    appointmentId: e.appointmentId,
    start: e.startsAt,
    end: e.endsAt,
    summary: fillMessage(t.eventSummary, { client: e.clientName, service: e.serviceName }),
    description: fillMessage(t.eventDescription, { url }),
  });
  await settle(
    e,
    `sync_state = 'synced', attempts = 0, next_attempt_at = NULL, last_error = NULL, synced_at = $3, external_id = $4, etag = $5, synced_starts_at = $6, synced_ends_at = $7`,
    [now, put.externalId, put.etag, e.startsAt, e.endsAt],
  );
  return "written";
}

/** One pass over the current tenant's pending events (the calendar.sync job). */
export async function writeThroughPending(now: Date): Promise<WriteSummary> {
  const tenantId = requireTenantId("Calendar write-through");
  const summary: WriteSummary = { written: 0, removed: 0, retrying: 0, failed: 0 };
  const due = await calendarSql<DueEvent>(DUE, [tenantId, now]);
  if (!due.length) return summary;
  const text = await tenantText();
  const connections = await calendarSql<ConnectionRow>(CONNECTIONS, [tenantId, [...new Set(due.map((d) => d.connectionId))]]);
  const adapters = new Map(await Promise.all(connections.map(async (c) => [c.id, await adapterFor(c, text.timeZone)] as const)));
  // One failure per connection and pass is enough to know it is down: its other events wait for the next pass.
  const failing = new Map<string, string>();
  for (const e of due) {
    const adapter = adapters.get(e.connectionId);
    if (!adapter) continue;
    let reason = failing.get(e.connectionId);
    if (reason === undefined) {
      try {
        summary[await syncOne(e, adapter, text, now)]++;
        await recordCalendarSuccess(e.connectionId, now);
        continue;
      } catch (error) {
        reason = calendarErrorMessage(error);
        failing.set(e.connectionId, reason);
        await recordCalendarFailure(e.connectionId, now, error);
      }
    }
    const attempts = e.attempts + 1;
    if (attempts >= MAX_ATTEMPTS) {
      await settle(e, `sync_state = 'failed', attempts = $3, last_error = $4`, [attempts, `${reason}; gave up after ${attempts} tries`]);
      summary.failed++;
    } else {
      const delay = Math.min(2 ** (attempts - 1), 60) * MINUTE;
      await settle(e, `attempts = $3, last_error = $4, next_attempt_at = $5`, [attempts, reason, new Date(now.getTime() + delay)]);
      summary.retrying++;
    }
  }
  return summary;
}
