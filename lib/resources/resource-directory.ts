import "server-only";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { formatMinutes, localDateFromDbDate } from "@/lib/booking/local-time";
import type { BusinessInterval, ResourceKindValue } from "./resource-schemas";

/*
 * The read side of Staff & rooms: each resource with its services, week and
 * days off, and what its forms choose from (the business's hours, the
 * services, the workspace's members). Everything is read inside the tenant
 * context, so another tenant's rows are simply absent.
 */

export interface ResourceSummary {
  id: string;
  name: string;
  kind: ResourceKindValue;
  isDefault: boolean;
  active: boolean;
  position: number;
  memberUserId: string | null;
}

export interface ResourceDetail extends ResourceSummary {
  memberName: string | null;
  serviceIds: string[];
  /** Null: the business's hours. */
  hours: Array<{ weekday: number; opens: string; closes: string }> | null;
  closures: Array<{ id: string; startsOn: string; endsOn: string; reason: string }>;
}

export interface ResourceChoices {
  businessHours: BusinessInterval[];
  services: Array<{ id: string; name: string; active: boolean }>;
  members: Array<{ userId: string; name: string; email: string }>;
}

const summarySelect = { id: true, name: true, kind: true, isDefault: true, active: true, position: true, memberUserId: true } as const;

/** Every resource, in display order (position, then id so ties never shuffle). */
export async function listResourceSummaries(db: TenantDb): Promise<ResourceSummary[]> {
  return db.resource.findMany({ select: summarySelect, orderBy: [{ position: "asc" }, { id: "asc" }] });
}

export async function listResourceDetails(db: TenantDb): Promise<ResourceDetail[]> {
  const [resources, services, hours, closures, members] = await Promise.all([
    listResourceSummaries(db),
    db.resourceService.findMany({ select: { resourceId: true, serviceId: true } }),
    db.resourceHours.findMany({ select: { resourceId: true, weekday: true, opensAt: true, closesAt: true }, orderBy: [{ weekday: "asc" }, { opensAt: "asc" }] }),
    db.resourceClosure.findMany({ select: { id: true, resourceId: true, startsOn: true, endsOn: true, reason: true }, orderBy: { startsOn: "asc" } }),
    memberNames(db),
  ]);
  return resources.map((r) => {
    const own = hours.filter((h) => h.resourceId === r.id);
    return {
      ...r,
      memberName: r.memberUserId ? (members.get(r.memberUserId) ?? null) : null,
      serviceIds: services.filter((s) => s.resourceId === r.id).map((s) => s.serviceId),
      hours: own.length ? own.map((h) => ({ weekday: h.weekday, opens: formatMinutes(h.opensAt), closes: formatMinutes(h.closesAt) })) : null,
      closures: closures
        .filter((c) => c.resourceId === r.id)
        .map((c) => ({ id: c.id, startsOn: localDateFromDbDate(c.startsOn), endsOn: localDateFromDbDate(c.endsOn), reason: c.reason })),
    };
  });
}

export async function readResourceDetail(db: TenantDb, id: string): Promise<ResourceDetail> {
  const found = (await listResourceDetails(db)).find((r) => r.id === id);
  if (!found) throw new ApiError("not_found", "This person or room does not exist.");
  return found;
}

async function memberNames(db: TenantDb): Promise<Map<string, string>> {
  const rows = await db.membership.findMany({ select: { userId: true, user: { select: { name: true, email: true } } } });
  return new Map(rows.map((m) => [m.userId, m.user.name || m.user.email]));
}

export async function loadBusinessIntervals(db: TenantDb): Promise<BusinessInterval[]> {
  return db.openingHours.findMany({ select: { weekday: true, opensAt: true, closesAt: true }, orderBy: [{ weekday: "asc" }, { opensAt: "asc" }] });
}

export async function loadResourceChoices(db: TenantDb): Promise<ResourceChoices> {
  const [businessHours, services, members] = await Promise.all([
    loadBusinessIntervals(db),
    db.service.findMany({ select: { id: true, name: true, active: true }, orderBy: { name: "asc" } }),
    db.membership.findMany({ select: { userId: true, user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } }),
  ]);
  return { businessHours, services, members: members.map((m) => ({ userId: m.userId, name: m.user.name || m.user.email, email: m.user.email })) };
}

/** The resource linked to this member, if any: their own diary. */
export async function resourceOfMember(db: TenantDb, userId: string): Promise<ResourceSummary | null> {
  return db.resource.findFirst({ where: { memberUserId: userId }, select: summarySelect, orderBy: [{ active: "desc" }, { position: "asc" }] });
}

/** A column of the appointments calendar: a resource with its own week (null: the business's) and days off. */
export interface ResourceColumn extends ResourceSummary {
  serviceIds: string[];
  hours: Array<{ weekday: number; opensAt: number; closesAt: number }> | null;
  closures: Array<{ startsOn: string; endsOn: string }>;
}

export async function listResourceColumns(db: TenantDb): Promise<ResourceColumn[]> {
  const [resources, services, hours, closures] = await Promise.all([
    listResourceSummaries(db),
    db.resourceService.findMany({ select: { resourceId: true, serviceId: true } }),
    db.resourceHours.findMany({ select: { resourceId: true, weekday: true, opensAt: true, closesAt: true }, orderBy: [{ weekday: "asc" }, { opensAt: "asc" }] }),
    db.resourceClosure.findMany({ select: { resourceId: true, startsOn: true, endsOn: true } }),
  ]);
  return resources.map((r) => {
    const own = hours.filter((h) => h.resourceId === r.id).map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt }));
    return {
      ...r,
      serviceIds: services.filter((s) => s.resourceId === r.id).map((s) => s.serviceId),
      hours: own.length ? own : null,
      closures: closures.filter((c) => c.resourceId === r.id).map((c) => ({ startsOn: localDateFromDbDate(c.startsOn), endsOn: localDateFromDbDate(c.endsOn) })),
    };
  });
}
