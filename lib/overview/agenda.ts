import "server-only";
import type { AppointmentStatus, Channel } from "@/lib/db/generated/client";
import { addDays, instantAt, wallClockAt, type LocalDate } from "@/lib/booking/local-time";
import type { TenantDb } from "@/lib/db/tenant-db";

/*
 * Today's and tomorrow's appointments on the tenant's wall clock: "today" is
 * the practice's today, so an owner checking from another time zone sees the
 * same day as the front desk.
 */

export interface AgendaAppointment {
  id: string;
  service: string;
  client: string;
  clientPhone: string | null;
  startsAt: string;
  status: AppointmentStatus;
  channel: Channel | null;
  conversationId: string | null;
}

export interface AgendaDay {
  date: LocalDate;
  appointments: AgendaAppointment[];
}

export interface Agenda {
  timeZone: string;
  today: AgendaDay;
  tomorrow: AgendaDay;
}

/** Cancelled appointments are left out: the overview is what the day holds. */
export async function loadAgenda(db: TenantDb, timeZone: string, now = new Date()): Promise<Agenda> {
  const today = wallClockAt(now, timeZone).date;
  const tomorrow = addDays(today, 1);
  const tomorrowStarts = instantAt(tomorrow, 0, timeZone);
  const rows = await db.appointment.findMany({
    where: {
      startsAt: { gte: instantAt(today, 0, timeZone), lt: instantAt(addDays(today, 2), 0, timeZone) },
      status: { not: "cancelled" },
    },
    select: {
      id: true,
      startsAt: true,
      status: true,
      channel: true,
      conversationId: true,
      service: { select: { name: true } },
      client: { select: { name: true, phone: true } },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  const view = (r: (typeof rows)[number]): AgendaAppointment => ({
    id: r.id,
    service: r.service.name,
    client: r.client.name,
    clientPhone: r.client.phone,
    startsAt: r.startsAt.toISOString(),
    status: r.status,
    channel: r.channel,
    conversationId: r.conversationId,
  });
  return {
    timeZone,
    today: { date: today, appointments: rows.filter((r) => r.startsAt < tomorrowStarts).map(view) },
    tomorrow: { date: tomorrow, appointments: rows.filter((r) => r.startsAt >= tomorrowStarts).map(view) },
  };
}
