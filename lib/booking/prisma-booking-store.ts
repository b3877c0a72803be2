import "server-only";
import type { TenantDb } from "@/lib/db/tenant-db";
import { TAKE_TURN, turnKeys, type AppointmentSummary, type BookingStore, type Candidates, type ServiceTerms } from "./booking-store";
import { addDays, dbDateFromLocalDate, localDateFromDbDate } from "./local-time";
import { loadResourceTerms } from "./resource-terms";
import type { Schedule } from "./slot-grid";

/**
 * What booking needs from the tenant-scoped client; both the client and an
 * interactive transaction of it satisfy this.
 */
export type BookingDb = Pick<
  TenantDb,
  "tenant" | "service" | "openingHours" | "closure" | "appointment" | "resource" | "calendarConnection" | "$executeRawUnsafe"
> &
  // Only the client itself has it; an interactive transaction passes `savepoints` instead.
  Partial<Pick<TenantDb, "$transaction">>;

type WriteDb = Pick<TenantDb, "appointment" | "$executeRawUnsafe">;

export interface PrismaStoreOptions {
  /**
   * Set when `db` is an interactive transaction: a refused INSERT aborts the
   * whole transaction in PostgreSQL, so writes run under a savepoint that is
   * rolled back on failure and the caller's transaction carries on.
   */
  savepoints?: boolean;
}

const summaryColumns = {
  id: true,
  serviceId: true,
  clientId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  channel: true,
  conversationId: true,
  resourceId: true,
  service: { select: { name: true } },
  resource: { select: { name: true } },
} as const;

function summarize<R extends { service: { name: string }; resource: { name: string } }>(
  row: R,
): Omit<R, "service" | "resource"> & { service: string; resourceName: string } {
  const { resource, service, ...rest } = row;
  return { ...rest, service: service.name, resourceName: resource.name };
}

/**
 * The candidate INSERT_FIRST_FREE would take (free at that time, fewest
 * booked that day, then the earlier in the list), read under the candidates'
 * turn so the choice holds until the write. One candidate needs no read: the
 * exclusion constraint decides.
 */
async function firstFree(
  db: WriteDb,
  row: { startsAt: Date; endsAt: Date },
  candidates: Candidates,
): Promise<string | null> {
  const ids = candidates.resourceIds;
  if (ids.length === 1) return ids[0]!;
  const booked = await db.appointment.findMany({
    where: {
      status: "booked",
      resourceId: { in: ids },
      OR: [{ startsAt: { gte: candidates.dayStart, lt: candidates.dayEnd } }, { startsAt: { lt: row.endsAt }, endsAt: { gt: row.startsAt } }],
    },
    select: { resourceId: true, startsAt: true, endsAt: true },
  });
  const load = (id: string) =>
    booked.filter((b) => b.resourceId === id && b.startsAt >= candidates.dayStart && b.startsAt < candidates.dayEnd).length;
  const free = ids.filter((id) => !booked.some((b) => b.resourceId === id && b.startsAt < row.endsAt && b.endsAt > row.startsAt));
  // A stable sort keeps the list's order (position, then id) among equal loads.
  return free.map((id) => ({ id, load: load(id) })).sort((a, b) => a.load - b.load)[0]?.id ?? null;
}

/** Booking storage through the tenant-scoped Prisma client (the console's path). */
export function prismaBookingStore(db: BookingDb, options: PrismaStoreOptions = {}): BookingStore {
  /** Runs one write in its tenant's turn, in a transaction of its own or under a savepoint of the caller's. */
  async function inTurn<T>(resourceIds: string[], write: (db: WriteDb) => Promise<T>): Promise<T> {
    const keys = turnKeys(resourceIds);
    if (!options.savepoints) {
      if (!db.$transaction) throw new Error("A booking store on a transaction needs { savepoints: true }");
      return db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(TAKE_TURN, keys);
          return write(tx);
        },
        // Writes of one tenant queue for the turn, and all of them for a pooled connection.
        { maxWait: 10_000, timeout: 20_000 },
      );
    }
    await db.$executeRawUnsafe("SAVEPOINT booking_write");
    try {
      await db.$executeRawUnsafe(TAKE_TURN, keys);
      const result = await write(db);
      await db.$executeRawUnsafe("RELEASE SAVEPOINT booking_write");
      return result;
    } catch (error) {
      await db.$executeRawUnsafe("ROLLBACK TO SAVEPOINT booking_write");
      throw error;
    }
  }

  return {
    service: (id): Promise<ServiceTerms | null> =>
      db.service.findFirst({
        where: { id, active: true },
        select: { id: true, name: true, durationMinutes: true, bufferMinutes: true },
      }),

    async schedule(since): Promise<Schedule> {
      const tenant = await db.tenant.findFirst({ select: { timezone: true } });
      if (!tenant) throw new Error("The current tenant does not exist");
      const hours = await db.openingHours.findMany({ select: { weekday: true, opensAt: true, closesAt: true } });
      const closures = await db.closure.findMany({
        where: { endsOn: { gte: dbDateFromLocalDate(addDays(since.toISOString().slice(0, 10), -1)) } },
        select: { startsOn: true, endsOn: true },
      });
      return {
        timeZone: tenant.timezone,
        hours,
        closures: closures.map((c) => ({ startsOn: localDateFromDbDate(c.startsOn), endsOn: localDateFromDbDate(c.endsOn) })),
      };
    },

    resources: () => loadResourceTerms(db),

    busy: (from, to, ignoreAppointmentId) =>
      db.appointment.findMany({
        where: {
          status: "booked",
          startsAt: { lt: to },
          endsAt: { gt: from },
          ...(ignoreAppointmentId ? { id: { not: ignoreAppointmentId } } : {}),
        },
        select: { startsAt: true, endsAt: true, resourceId: true },
      }),

    insert: (row, candidates) =>
      inTurn(candidates.resourceIds, async (writer) => {
        const resourceId = await firstFree(writer, row, candidates);
        if (!resourceId) return null;
        return writer.appointment.create({ data: { ...row, resourceId, status: "booked" }, select: { id: true, resourceId: true } });
      }),

    async move(id, startsAt, endsAt, resourceId) {
      const { count } = await inTurn([resourceId], (writer) =>
        writer.appointment.updateMany({ where: { id, status: "booked" }, data: { startsAt, endsAt, resourceId } }),
      );
      return count;
    },

    async booked(id) {
      const row = await db.appointment.findFirst({
        where: { id, status: "booked" },
        select: { ...summaryColumns, service: { select: { name: true, durationMinutes: true, bufferMinutes: true } } },
      });
      if (!row) return null;
      const { service, resource, ...rest } = row;
      return { ...rest, service: service.name, resourceName: resource.name, terms: { id: row.serviceId, ...service } };
    },

    async cancel(id): Promise<AppointmentSummary | null> {
      await db.appointment.updateMany({ where: { id, status: "booked" }, data: { status: "cancelled" } });
      const row = await db.appointment.findFirst({ where: { id }, select: summaryColumns });
      return row ? summarize(row) : null;
    },

    async upcoming(clientIds, now, limit) {
      const rows = await db.appointment.findMany({
        where: { clientId: { in: clientIds }, status: "booked", startsAt: { gte: now } },
        orderBy: { startsAt: "asc" },
        take: limit,
        select: summaryColumns,
      });
      return rows.map(summarize);
    },
  };
}
