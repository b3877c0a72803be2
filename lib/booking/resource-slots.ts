import { ResourceNotFoundError } from "./booking-errors";
import type { ExternalBusyInterval } from "./external-busy";
import { wallClockAt, type LocalDate } from "./local-time";
import type { ResourceTerms } from "./resource-terms";
import {
  fitsOpeningHours,
  overlapsBusy,
  slotsBetween,
  type BusyInterval,
  type OpeningInterval,
  type Schedule,
  type Slot,
} from "./slot-grid";

/*
 * Availability over several diaries, pure like slot-grid: each resource that
 * performs the service has its effective schedule (its own hours, or the
 * business's when it has none, intersected with the business's; business and
 * own closures) and its own busy times; a time is free when one of them is.
 */

export interface BookedInterval extends BusyInterval {
  resourceId: string;
}

/** One resource's diary for a query: effective schedule and everything that blocks it. */
export interface Diary {
  resource: Pick<ResourceTerms, "id" | "name" | "position">;
  schedule: Schedule;
  busy: BusyInterval[];
}

/** Booked appointments of one resource on one local date: what "anyone" balances. */
export type DayLoad = (resourceId: string, date: LocalDate) => number;

const UUID_ORDER = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function intersectHours(own: OpeningInterval[], business: OpeningInterval[]): OpeningInterval[] {
  const out: OpeningInterval[] = [];
  for (const r of own) {
    for (const b of business) {
      if (b.weekday !== r.weekday) continue;
      const opensAt = Math.max(r.opensAt, b.opensAt);
      const closesAt = Math.min(r.closesAt, b.closesAt);
      if (opensAt < closesAt) out.push({ weekday: r.weekday, opensAt, closesAt });
    }
  }
  return out.sort((a, b) => a.weekday - b.weekday || a.opensAt - b.opensAt);
}

export function effectiveSchedule(business: Schedule, resource: Pick<ResourceTerms, "hours" | "closures">): Schedule {
  return {
    timeZone: business.timeZone,
    hours: resource.hours.length ? intersectHours(resource.hours, business.hours) : business.hours,
    closures: resource.closures.length ? [...business.closures, ...resource.closures] : business.closures,
  };
}

/**
 * The resources that may take the service: active and performing it, in
 * display order; only `resourceId` when one was asked for (refused with the
 * reason when it cannot).
 */
export function performers(resources: ResourceTerms[], serviceId: string, resourceId?: string | null): ResourceTerms[] {
  if (resourceId) {
    const asked = resources.find((r) => r.id === resourceId);
    if (!asked) throw new ResourceNotFoundError(resourceId, "unknown");
    if (!asked.active) throw new ResourceNotFoundError(resourceId, "inactive");
    if (!asked.serviceIds.includes(serviceId)) throw new ResourceNotFoundError(resourceId, "not_for_service");
    return [asked];
  }
  return resources.filter((r) => r.active && r.serviceIds.includes(serviceId));
}

export function diariesOf(
  business: Schedule,
  resources: ResourceTerms[],
  booked: BookedInterval[],
  external: Map<string, ExternalBusyInterval[]> | null,
): Diary[] {
  return resources.map((resource) => ({
    resource,
    schedule: effectiveSchedule(business, resource),
    busy: [
      ...booked.filter((b) => b.resourceId === resource.id),
      ...(external?.get(resource.id) ?? []).map((e) => ({ startsAt: e.start, endsAt: e.end })),
    ],
  }));
}

export function dayLoadOf(booked: BookedInterval[], timeZone: string): DayLoad {
  const counts = new Map<string, number>();
  for (const b of booked) {
    const key = `${b.resourceId}|${wallClockAt(b.startsAt, timeZone).date}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (resourceId, date) => counts.get(`${resourceId}|${date}`) ?? 0;
}

/** The better of two diaries for "anyone" on `date`: least booked that day, then position, then id. */
function preferred(a: Diary, b: Diary, date: LocalDate, load: DayLoad): Diary {
  const byLoad = load(a.resource.id, date) - load(b.resource.id, date);
  if (byLoad) return byLoad < 0 ? a : b;
  const byPosition = a.resource.position - b.resource.position || UUID_ORDER(a.resource.id, b.resource.id);
  return byPosition <= 0 ? a : b;
}

export interface GridTerms {
  durationMinutes: number;
  bufferMinutes: number;
  now: Date;
}

/** Free times starting in [from, to) over all diaries, each once, with the resource "anyone" would get. */
export function unionSlots(diaries: Diary[], terms: GridTerms, from: Date, to: Date, load: DayLoad): Slot[] {
  const best = new Map<number, { diary: Diary; slot: Omit<Slot, "resourceId" | "resourceName"> }>();
  for (const diary of diaries) {
    for (const slot of slotsBetween({ ...terms, schedule: diary.schedule, busy: diary.busy }, from, to)) {
      const key = slot.startsAt.getTime();
      const held = best.get(key);
      if (!held || preferred(diary, held.diary, slot.localDate, load) === diary) best.set(key, { diary, slot });
    }
  }
  return [...best.values()]
    .sort((a, b) => a.slot.startsAt.getTime() - b.slot.startsAt.getTime())
    .map(({ diary, slot }) => ({ ...slot, resourceId: diary.resource.id, resourceName: diary.resource.name }));
}

/** Diaries whose hours hold the service at `startsAt` (bookings aside). */
export function working(diaries: Diary[], startsAt: Date, durationMinutes: number): Diary[] {
  return diaries.filter((d) => fitsOpeningHours(d.schedule, startsAt, durationMinutes));
}

/** The diary "anyone" gets at [startsAt, endsAt), or null when every one is busy or off. */
export function pickFree(diaries: Diary[], startsAt: Date, endsAt: Date, durationMinutes: number, load: DayLoad): Diary | null {
  const date = wallClockAt(startsAt, diaries[0]?.schedule.timeZone ?? "UTC").date;
  let chosen: Diary | null = null;
  for (const d of working(diaries, startsAt, durationMinutes)) {
    if (overlapsBusy(d.busy, startsAt, endsAt)) continue;
    chosen = chosen ? preferred(d, chosen, date, load) : d;
  }
  return chosen;
}
