import "server-only";
import type { AppointmentStatus, Channel } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { addDays, formatMinutes, instantAt, localDateFromDbDate, mondayOf, wallClockAt, type LocalDate } from "./local-time";
import type { Schedule, Slot } from "./slot-grid";
import { currentWeekStart, nextOpenDay } from "./week-view";

/*
 * The console's read side of appointments: a week (Monday to Sunday on the
 * tenant's wall clock) with each appointment already placed on its local day
 * and time, so the browser never converts zones itself and a member abroad
 * sees the practice's day.
 */

const MINUTE = 60_000;

export interface AppointmentView {
  id: string;
  serviceId: string;
  service: string;
  clientId: string;
  clientName: string;
  clientPhone: string | null;
  /** ISO instants. `endsAt` is the end of the service itself, without the buffer kept after it. */
  startsAt: string;
  endsAt: string;
  localDate: LocalDate;
  localTime: string;
  localEndTime: string;
  status: AppointmentStatus;
  channel: Channel | null;
  conversationId: string | null;
  /** Whose diary it is in (a staff member or a room). */
  resourceId: string;
  resourceName: string;
}

export interface AppointmentWeek {
  timeZone: string;
  weekStart: LocalDate;
  days: LocalDate[];
  today: LocalDate;
  /** Monday of "this week" (the coming week on a Sunday the business is closed). */
  thisWeek: LocalDate;
  status: AppointmentStatus | null;
  appointments: AppointmentView[];
  /** Opening hours and closures, to shade the grid. */
  schedule: Pick<Schedule, "hours" | "closures">;
  /** Where a new booking starts: the next open day and its first bookable time ("HH:MM"). */
  nextOpen: { date: LocalDate; time: string };
}

/** A free time offered instead of a refused one, ready for the browser. */
export interface SlotOffer {
  startsAt: string;
  localDate: LocalDate;
  localTime: string;
  /** Who is free then (a time can be free with one person and not another). */
  resourceId: string;
  resourceName: string;
}

export const appointmentViewInclude = {
  service: { select: { name: true, durationMinutes: true } },
  client: { select: { name: true, phone: true } },
  resource: { select: { name: true } },
} as const;

export interface AppointmentRow {
  id: string;
  serviceId: string;
  clientId: string;
  conversationId: string | null;
  resourceId: string;
  startsAt: Date;
  status: AppointmentStatus;
  channel: Channel | null;
  service: { name: string; durationMinutes: number };
  client: { name: string; phone: string | null };
  resource: { name: string };
}

export function appointmentView(row: AppointmentRow, timeZone: string): AppointmentView {
  const end = new Date(row.startsAt.getTime() + row.service.durationMinutes * MINUTE);
  const start = wallClockAt(row.startsAt, timeZone);
  return {
    id: row.id,
    serviceId: row.serviceId,
    service: row.service.name,
    clientId: row.clientId,
    clientName: row.client.name,
    clientPhone: row.client.phone,
    startsAt: row.startsAt.toISOString(),
    endsAt: end.toISOString(),
    localDate: start.date,
    localTime: formatMinutes(start.minutes),
    localEndTime: formatMinutes(wallClockAt(end, timeZone).minutes),
    status: row.status,
    channel: row.channel,
    conversationId: row.conversationId,
    resourceId: row.resourceId,
    resourceName: row.resource.name,
  };
}

export function slotOffer(slot: Slot): SlotOffer {
  return { startsAt: slot.startsAt.toISOString(), localDate: slot.localDate, localTime: slot.localTime, resourceId: slot.resourceId, resourceName: slot.resourceName };
}

export async function tenantTimeZone(db: Pick<TenantDb, "tenant">): Promise<string> {
  const tenant = await db.tenant.findFirst({ select: { timezone: true } });
  if (!tenant) throw new ApiError("not_found", "This workspace no longer exists.");
  return tenant.timezone;
}

/** The week holding `week` (today when absent), every status or only `status`. */
export async function listAppointmentWeek(
  db: TenantDb,
  query: { week?: LocalDate; status?: AppointmentStatus },
  now: Date = new Date(),
): Promise<AppointmentWeek> {
  const timeZone = await tenantTimeZone(db);
  const clock = wallClockAt(now, timeZone);
  const today = clock.date;
  const [hours, closures] = await Promise.all([
    db.openingHours.findMany({ select: { weekday: true, opensAt: true, closesAt: true }, orderBy: [{ weekday: "asc" }, { opensAt: "asc" }] }),
    db.closure.findMany({ select: { startsOn: true, endsOn: true } }),
  ]);
  const schedule: Schedule = {
    timeZone,
    hours,
    closures: closures.map((c) => ({ startsOn: localDateFromDbDate(c.startsOn), endsOn: localDateFromDbDate(c.endsOn) })),
  };
  const thisWeek = currentWeekStart(today, schedule);
  const weekStart = query.week ? mondayOf(query.week) : thisWeek;
  const open = nextOpenDay(today, clock.minutes, schedule);
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const rows = await db.appointment.findMany({
    where: {
      startsAt: { gte: instantAt(weekStart, 0, timeZone), lt: instantAt(addDays(weekStart, 7), 0, timeZone) },
      ...(query.status ? { status: query.status } : {}),
    },
    orderBy: [{ startsAt: "asc" }, { createdAt: "asc" }],
    include: appointmentViewInclude,
  });
  return {
    timeZone,
    weekStart,
    days,
    today,
    thisWeek,
    status: query.status ?? null,
    appointments: rows.map((row) => appointmentView(row, timeZone)),
    schedule: { hours: schedule.hours, closures: schedule.closures },
    nextOpen: { date: open.date, time: formatMinutes(open.time) },
  };
}

export interface BookableService {
  id: string;
  name: string;
  durationMinutes: number;
}

export async function listBookableServices(db: TenantDb): Promise<BookableService[]> {
  return db.service.findMany({
    where: { active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, durationMinutes: true },
  });
}
