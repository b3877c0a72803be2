import type { Booking, Slot, SlotCheck } from "@/lib/booking";
import type { ResourceFact } from "./tenant-facts";

/*
 * Availability among some of the staff only, once the caller turned someone
 * down ("pas Karim", "anyone but Karim"): the remaining people's diaries
 * asked one by one and merged (the API's "anyone" gives each time once,
 * possibly to the person turned down). A free exact time then says whose it
 * is. Shared by the dialogue and the voice tools.
 */

export type Availability = Pick<Booking, "findAvailableSlots" | "nearestFreeSlots" | "checkSlot"> & { freeWith?: (check: SlotCheck) => string | null };

export function availabilityAmong(booking: Availability, others: (serviceId: string) => ResourceFact[]): Availability & { freeWith: (check: SlotCheck) => string | null } {
  const merge = (lists: Slot[][]) => {
    const seen = new Map<number, Slot>();
    for (const slot of lists.flat()) if (!seen.has(slot.startsAt.getTime())) seen.set(slot.startsAt.getTime(), slot);
    return [...seen.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  };
  const byDistance = (wanted: Date) => (a: Slot, b: Slot) =>
    Math.abs(a.startsAt.getTime() - wanted.getTime()) - Math.abs(b.startsAt.getTime() - wanted.getTime()) || a.startsAt.getTime() - b.startsAt.getTime();
  const freeBy = new WeakMap<SlotCheck, string>();
  const mine = <Q extends object>(query: Q, id: string) => ({ ...query, resourceId: id });
  return {
    async findAvailableSlots(query) {
      return merge(await Promise.all(others(query.serviceId).map((p) => booking.findAvailableSlots(mine(query, p.id)))));
    },
    async nearestFreeSlots(serviceId, wanted, count = 3, now, query = {}) {
      const lists = await Promise.all(others(serviceId).map((p) => booking.nearestFreeSlots(serviceId, wanted, count, now, mine(query, p.id))));
      return merge(lists).sort(byDistance(wanted)).slice(0, count);
    },
    async checkSlot(query) {
      const checks = await Promise.all(others(query.serviceId).map(async (p) => ({ id: p.id, check: await booking.checkSlot(mine(query, p.id)) })));
      const free = checks.find((c) => c.check.status === "free");
      if (free) {
        freeBy.set(free.check, free.id);
        return free.check;
      }
      const status = checks.some((c) => c.check.status === "taken") ? "taken" : (checks[0]?.check.status ?? "taken");
      const alternatives = merge(checks.map((c) => (c.check.status === "free" ? [] : c.check.alternatives))).sort(byDistance(query.startsAt)).slice(0, 3);
      return { status: status === "free" ? "taken" : status, alternatives };
    },
    freeWith: (check) => freeBy.get(check) ?? null,
  };
}
