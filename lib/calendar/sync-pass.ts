import "server-only";
import { requireTenantId } from "@/lib/tenancy";
import { adapterFor, type ConnectionRow } from "./calendar-credentials";
import { calendarSql } from "./calendar-sql";
import { FRESH_MS } from "./busy-times";
import { recordBusySnapshot, recordCalendarFailure } from "./connection-health";
import { googlePushAddress } from "./google-push";
import { openPushChannel } from "./connections";
import { reconcileExternalEdits, type ReconcileSummary } from "./reconcile";
import { writeThroughPending, type WriteSummary } from "./write-through";

/*
 * One calendar.sync run for the current tenant: write pending events, refresh
 * the stored busy times of calendars without push (CalDAV, or Google without
 * a public https address) so every instance's cache turns over within a
 * minute, look for events edited outside, and renew push channels about to
 * expire.
 */

const DAY = 86_400_000;
const WINDOW_MS = 7 * DAY;

export interface SyncSummary {
  write: WriteSummary;
  refreshed: number;
  reconcile: ReconcileSummary;
  renewed: number;
}

const POLLED = `SELECT c.id, c.tenant_id AS "tenantId", c.provider::text AS provider, c.calendar_ref AS "calendarRef",
    c.ciphertext, c.iv, c.auth_tag AS "authTag", c.key_version AS "keyVersion", t.timezone AS "timeZone"
  FROM calendar_connections c JOIN tenants t ON t.id = c.tenant_id
  WHERE c.tenant_id = $1 AND c.push_channel_id IS NULL AND (c.busy_fetched_at IS NULL OR c.busy_fetched_at <= $2)`;

async function refreshBusySnapshots(now: Date): Promise<number> {
  const rows = await calendarSql<ConnectionRow & { timeZone: string }>(POLLED, [requireTenantId("Calendar sync"), new Date(now.getTime() - FRESH_MS / 2)]);
  let refreshed = 0;
  for (const row of rows) {
    const from = new Date(Math.floor(now.getTime() / DAY) * DAY);
    const to = new Date(from.getTime() + WINDOW_MS);
    try {
      const busy = await (await adapterFor(row, row.timeZone)).freeBusy(from, to);
      await recordBusySnapshot(row.id, now, { busy, from, to });
      refreshed++;
    } catch (error) {
      await recordCalendarFailure(row.id, now, error);
    }
  }
  return refreshed;
}

async function renewPushChannels(now: Date): Promise<number> {
  if (!googlePushAddress()) return 0;
  const due = await calendarSql<{ id: string; push_channel_id: string | null; push_resource_id: string | null }>(
    `SELECT id, push_channel_id, push_resource_id FROM calendar_connections
     WHERE provider = 'google' AND (push_channel_id IS NULL OR push_expires_at < $1)`,
    [new Date(now.getTime() + DAY)],
  );
  let renewed = 0;
  for (const row of due) if (await openPushChannel(row.id, row, now)) renewed++;
  return renewed;
}

export async function syncCalendars(now: Date): Promise<SyncSummary> {
  const write = await writeThroughPending(now);
  const refreshed = await refreshBusySnapshots(now);
  const reconcile = await reconcileExternalEdits(now);
  const renewed = await renewPushChannels(now);
  return { write, refreshed, reconcile, renewed };
}
