import "server-only";
import type { ResourceKind } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { addDays, dbDateFromLocalDate, localDateFromDbDate, type LocalDate } from "./local-time";
import type { OpeningInterval } from "./slot-grid";

/** A resource (staff member or room) as booking and its callers see it. */
export interface ResourceTerms {
  id: string;
  name: string;
  kind: ResourceKind;
  /** Display order; "anyone" ties are broken by it, then by id. */
  position: number;
  isDefault: boolean;
  active: boolean;
  memberUserId: string | null;
  serviceIds: string[];
  /** Its own weekly hours; empty means the business's hours. */
  hours: OpeningInterval[];
  /** Its own days off that had not ended when read (inclusive local dates). */
  closures: Array<{ startsOn: LocalDate; endsOn: LocalDate }>;
  /** An external calendar is connected (lib/calendar): only then are its busy times asked for. */
  calendar: boolean;
}

/** The tables resources are read from: a change to any of them bumps the tenant's config version. */
export const RESOURCE_TABLES = ["resources", "resource_services", "resource_hours", "resource_closures", "calendar_connections"] as const;

export type ResourcesDb = Pick<TenantDb, "resource" | "calendarConnection">;

/** Position, then id: the order of display and of "anyone" ties everywhere. */
export function byPosition(a: Pick<ResourceTerms, "position" | "id">, b: Pick<ResourceTerms, "position" | "id">): number {
  return a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Every resource of the current tenant, active or not, in display order.
 * Closures that ended before `since` (two days back by default, which covers
 * "today" in every time zone) are left out, so the result can be cached.
 */
export async function loadResourceTerms(db: ResourcesDb, since: Date = new Date(Date.now() - 2 * 86_400_000)): Promise<ResourceTerms[]> {
  const from = dbDateFromLocalDate(addDays(since.toISOString().slice(0, 10), -1));
  // Sequential: an interactive transaction runs one statement at a time anyway.
  const calendars = new Set((await db.calendarConnection.findMany({ select: { resourceId: true } })).map((c) => c.resourceId));
  const rows = await db.resource.findMany({
    select: {
      id: true,
      name: true,
      kind: true,
      position: true,
      isDefault: true,
      active: true,
      memberUserId: true,
      services: { select: { serviceId: true } },
      hours: { select: { weekday: true, opensAt: true, closesAt: true } },
      closures: { where: { endsOn: { gte: from } }, select: { startsOn: true, endsOn: true } },
    },
  });
  return rows
    .map(({ services, hours, closures, ...resource }) => ({
      ...resource,
      serviceIds: services.map((s) => s.serviceId).sort(),
      hours: hours.sort((a, b) => a.weekday - b.weekday || a.opensAt - b.opensAt),
      closures: closures
        .map((c) => ({ startsOn: localDateFromDbDate(c.startsOn), endsOn: localDateFromDbDate(c.endsOn) }))
        .sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1)),
      calendar: calendars.has(resource.id),
    }))
    .sort(byPosition);
}
