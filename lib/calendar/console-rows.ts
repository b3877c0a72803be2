import "server-only";
import { formatInstant } from "@/lib/i18n/date-format";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { listCalendarConflicts } from "./conflicts";
import { listResourceCalendars } from "./connections";

/*
 * What the console's calendar components draw, formatted on the server in
 * the UI language and the tenant's time zone (client components get strings).
 */

export interface CalendarRow {
  resourceId: string;
  resourceName: string;
  connection: {
    provider: "google" | "caldav";
    calendar: string;
    account: string;
    status: "ok" | "failing";
    lastSync: string | null;
    lastError: string | null;
    push: boolean;
  } | null;
}

export interface ConflictRow {
  id: string;
  provider: "google" | "caldav";
  kind: "moved" | "deleted";
  clientName: string;
  serviceName: string;
  resourceId: string;
  when: string;
  movedTo: string | null;
}

export async function calendarRows(timeZone: string, locale: UiLocale): Promise<CalendarRow[]> {
  return (await listResourceCalendars()).map(({ resourceId, resourceName, connection: c }) => ({
    resourceId,
    resourceName,
    connection: c
      ? { provider: c.provider, calendar: c.calendar, account: c.account, status: c.status, lastSync: c.lastSyncAt ? formatInstant(c.lastSyncAt, timeZone, locale) : null, lastError: c.lastError, push: c.push }
      : null,
  }));
}

export async function conflictRows(timeZone: string, locale: UiLocale): Promise<ConflictRow[]> {
  return (await listCalendarConflicts()).map((c) => ({
    id: c.id,
    provider: c.provider,
    kind: c.kind,
    clientName: c.clientName,
    serviceName: c.serviceName,
    resourceId: c.resourceId,
    when: formatInstant(c.startsAt, timeZone, locale),
    movedTo: c.movedTo ? formatInstant(c.movedTo.start, timeZone, locale) : null,
  }));
}
