import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { TenantUserContext } from "@/lib/auth";
import { recordAuditEvent, type AuditEntry } from "@/lib/audit";
import { tenantDb } from "@/lib/db";
import { memberAuditEntry } from "@/lib/auth/member-audit";
import { ApiError } from "@/lib/http";
import { requireTenantId } from "@/lib/tenancy";
import { adapterFor, sealCredentials, vetCaldavUrl, type StoredCredentials } from "./calendar-credentials";
import { calendarSql } from "./calendar-sql";
import { parseServiceAccount, type ConnectCalendarInput } from "./connection-input";
import type { GoogleAdapter } from "./google-adapter";
import { googlePushAddress } from "./google-push";

/*
 * Connecting a resource's calendar: the credentials are checked against the
 * calendar (a free/busy query) before anything is stored, sealed, and never
 * returned; the console sees "configured" and the non-secret fields only.
 * Upcoming appointments of the resource are queued so they appear at once.
 */

export interface CalendarConnectionSummary {
  id: string;
  resourceId: string;
  provider: "google" | "caldav";
  calendar: string;
  account: string;
  configured: true;
  status: "ok" | "failing";
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  push: boolean;
}

const SUMMARY = `SELECT id, resource_id AS "resourceId", provider::text AS provider, calendar_ref AS calendar, account_label AS account,
    true AS configured, status::text AS status, last_sync_at AS "lastSyncAt", last_error AS "lastError", last_error_at AS "lastErrorAt",
    (push_channel_id IS NOT NULL) AS push
  FROM calendar_connections WHERE tenant_id = $1`;

export async function listCalendarConnections(): Promise<CalendarConnectionSummary[]> {
  return calendarSql<CalendarConnectionSummary>(`${SUMMARY} ORDER BY created_at, id`, [requireTenantId("Calendar connections")]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function requireResource(resourceId: string): Promise<void> {
  const found = UUID.test(resourceId) ? await calendarSql(`SELECT 1 FROM resources WHERE id = $1`, [resourceId]) : [];
  if (!found.length) throw new ApiError("not_found", "This resource does not exist.");
}

export interface CheckedConnection {
  provider: "google" | "caldav";
  calendarRef: string;
  accountLabel: string;
  credentials: StoredCredentials;
}

async function check(input: ConnectCalendarInput, now: Date): Promise<CheckedConnection> {
  const probe = { from: now, to: new Date(now.getTime() + 3_600_000) };
  if (input.provider === "google") {
    const credentials = parseServiceAccount(input.serviceAccountJson);
    const { googleAdapter } = await import("./google-adapter");
    await googleAdapter(input.calendarId, credentials)
      .freeBusy(probe.from, probe.to)
      .catch((error: Error) => {
        throw new ApiError("bad_request", `calendarId: ${error.message}. Share the calendar with ${credentials.clientEmail}.`, "calendarId");
      });
    return { provider: "google", calendarRef: input.calendarId, accountLabel: credentials.clientEmail, credentials };
  }
  const refused = await vetCaldavUrl(input.url);
  if (refused) throw new ApiError("bad_request", `url: ${refused}`, "url");
  const creds = { username: input.username, password: input.password };
  const { discoverCaldavCalendar } = await import("./caldav-adapter");
  const calendarRef = await discoverCaldavCalendar(input.url, creds).catch((error: Error) => {
    throw new ApiError("bad_request", `url: ${error.message}`, "url");
  });
  return { provider: "caldav", calendarRef, accountLabel: input.username, credentials: { kind: "caldav", ...creds } };
}

export async function connectCalendar(ctx: TenantUserContext, resourceId: string, input: ConnectCalendarInput, now = new Date()): Promise<CalendarConnectionSummary> {
  await requireResource(resourceId);
  const checked = await check(input, now);
  return storeConnection(resourceId, checked, { ...memberAuditEntry(ctx, "calendar.connected", `resource:${resourceId}`), metadata: { provider: input.provider } }, now);
}

/** Stores checked credentials (sealed) as the resource's calendar, queues its upcoming appointments, audits. */
export async function storeConnection(resourceId: string, checked: CheckedConnection, audit: AuditEntry, now: Date): Promise<CalendarConnectionSummary> {
  const tenantId = requireTenantId("Connecting a calendar");
  const [existing] = await calendarSql<{ id: string; push_channel_id: string | null; push_resource_id: string | null }>(
    `SELECT id, push_channel_id, push_resource_id FROM calendar_connections WHERE resource_id = $1`,
    [resourceId],
  );
  const id = existing?.id ?? randomUUID();
  const sealed = sealCredentials(tenantId, id, checked.credentials);
  await calendarSql(
    `INSERT INTO calendar_connections (id, tenant_id, resource_id, provider, calendar_ref, account_label, ciphertext, iv, auth_tag, key_version, status, last_sync_at, updated_at)
     VALUES ($1, $2, $3, $4::"CalendarProvider", $5, $6, $7, $8, $9, $10, 'ok', $11, now())
     ON CONFLICT (tenant_id, resource_id) DO UPDATE SET provider = EXCLUDED.provider, calendar_ref = EXCLUDED.calendar_ref,
       account_label = EXCLUDED.account_label, ciphertext = EXCLUDED.ciphertext, iv = EXCLUDED.iv, auth_tag = EXCLUDED.auth_tag,
       key_version = EXCLUDED.key_version, status = 'ok', last_error = NULL, last_sync_at = EXCLUDED.last_sync_at,
       busy_snapshot = NULL, busy_from = NULL, busy_to = NULL, busy_fetched_at = NULL, changed_at = now(), updated_at = now()`,
    [id, tenantId, resourceId, checked.provider, checked.calendarRef, checked.accountLabel, Buffer.from(sealed.ciphertext), Buffer.from(sealed.iv), Buffer.from(sealed.authTag), sealed.keyVersion, now],
  );
  // The resource's upcoming appointments, written by the next sync pass.
  await calendarSql(
    `INSERT INTO appointment_calendar_events (id, tenant_id, appointment_id, connection_id, sync_state, updated_at)
     SELECT calendar_event_id($1::uuid, a.id), a.tenant_id, a.id, $1::uuid, 'pending'::"CalendarSyncState", now()
       FROM appointments a WHERE a.resource_id = $2 AND a.status = 'booked' AND a.ends_at > $3
     ON CONFLICT (tenant_id, id) DO UPDATE SET sync_state = 'pending', attempts = 0, next_attempt_at = NULL, updated_at = now()`,
    [id, resourceId, now],
  );
  if (checked.provider === "google") await openPushChannel(id, existing, now);
  await recordAuditEvent(tenantDb(), audit);
  const [summary] = await calendarSql<CalendarConnectionSummary>(`${SUMMARY} AND id = $2`, [tenantId, id]);
  return summary!;
}

const CONNECTION = `SELECT c.id, c.tenant_id AS "tenantId", c.provider::text AS provider, c.calendar_ref AS "calendarRef",
    c.ciphertext, c.iv, c.auth_tag AS "authTag", c.key_version AS "keyVersion", c.push_channel_id AS "pushChannelId", c.push_resource_id AS "pushResourceId"
  FROM calendar_connections c WHERE c.id = $1`;

/** A Google push channel, when the app has a public https address Google can call. Best effort: polling covers the rest. */
export async function openPushChannel(connectionId: string, previous: { push_channel_id: string | null; push_resource_id: string | null } | undefined, now: Date): Promise<boolean> {
  const address = googlePushAddress();
  if (!address) return false;
  const [row] = await calendarSql<Parameters<typeof adapterFor>[0]>(CONNECTION, [connectionId]);
  if (!row || row.provider !== "google") return false;
  const { stopGoogleChannel, watchGoogleCalendar } = await import("./google-adapter");
  const adapter = (await adapterFor(row, "UTC")) as GoogleAdapter;
  if (previous?.push_channel_id && previous.push_resource_id) await stopGoogleChannel(adapter, previous.push_channel_id, previous.push_resource_id);
  const channel = { id: randomUUID(), token: randomBytes(24).toString("base64url"), address };
  try {
    const watched = await watchGoogleCalendar(adapter, row.calendarRef, channel);
    await calendarSql(
      `UPDATE calendar_connections SET push_channel_id = $2, push_token_hash = $3, push_resource_id = $4, push_expires_at = $5, updated_at = now() WHERE id = $1`,
      [connectionId, channel.id, createHash("sha256").update(channel.token).digest("hex"), watched.resourceId, watched.expiresAt ?? new Date(now.getTime() + 7 * 86_400_000)],
    );
    return true;
  } catch {
    return false;
  }
}

export async function disconnectCalendar(ctx: TenantUserContext, resourceId: string): Promise<{ disconnected: boolean }> {
  if (!UUID.test(resourceId)) throw new ApiError("not_found", "This resource does not exist.");
  const [row] = await calendarSql<{ id: string; pushChannelId: string | null; pushResourceId: string | null; provider: string }>(
    `SELECT id, provider::text AS provider, push_channel_id AS "pushChannelId", push_resource_id AS "pushResourceId" FROM calendar_connections WHERE resource_id = $1`,
    [resourceId],
  );
  if (!row) return { disconnected: false };
  if (row.pushChannelId && row.pushResourceId) {
    const [full] = await calendarSql<Parameters<typeof adapterFor>[0]>(CONNECTION, [row.id]);
    const { stopGoogleChannel } = await import("./google-adapter");
    if (full) await stopGoogleChannel((await adapterFor(full, "UTC")) as GoogleAdapter, row.pushChannelId, row.pushResourceId);
  }
  // Events already written stay in the external calendar; Frontdesk just stops managing them.
  await calendarSql(`DELETE FROM calendar_connections WHERE id = $1`, [row.id]);
  await recordAuditEvent(ctx.db, memberAuditEntry(ctx, "calendar.disconnected", `resource:${resourceId}`, { provider: row.provider }));
  return { disconnected: true };
}

export interface ResourceCalendar {
  resourceId: string;
  resourceName: string;
  connection: CalendarConnectionSummary | null;
}

/** Every active resource with its calendar, or none: the console's Calendars section. */
export async function listResourceCalendars(): Promise<ResourceCalendar[]> {
  const [resources, connections] = await Promise.all([
    calendarSql<{ id: string; name: string }>(`SELECT id, name FROM resources WHERE active ORDER BY position, name, id`, []),
    listCalendarConnections(),
  ]);
  const byResource = new Map(connections.map((c) => [c.resourceId, c]));
  return resources.map((r) => ({ resourceId: r.id, resourceName: r.name, connection: byResource.get(r.id) ?? null }));
}
