import "server-only";
import { calendarBusy } from "@/lib/calendar";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit";
import { AppointmentNotFoundError, createBooking, SlotUnavailableError, type Slot } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { runAsTenant } from "@/lib/tenancy";
import { verifyAppointmentLink, type AppointmentLinkClaims } from "./appointment-link";
import { localeOf, type MessageLocale } from "./message-text";
import { recordOptOut } from "./opt-outs";

/*
 * What a client can do with the link of a message: see the appointment,
 * cancel it (once: a second tap is told it is already cancelled), move it
 * to a free time under the same booking rules as everyone else, or stop
 * the business's messages. The token
 * is the only authority; the tenant context comes from it, so RLS confines
 * every statement to that tenant.
 */

export interface LinkedAppointment {
  business: string;
  locale: MessageLocale;
  timeZone: string;
  service: string;
  startsAt: Date;
  status: string;
  /** Free times it can move to; empty unless booked and in the future. */
  slots: Slot[];
}

export const linkActionSchema = z.discriminatedUnion("action", [
  z.object({ token: z.string().max(600), action: z.literal("cancel") }),
  z.object({ token: z.string().max(600), action: z.literal("stop") }),
  z.object({ token: z.string().max(600), action: z.literal("move"), startsAt: z.coerce.date({ message: "startsAt must be a date and time" }) }),
]);
export type LinkAction = z.output<typeof linkActionSchema>;

export type LinkActionResult = { result: "cancelled" | "already_cancelled" | "stopped" } | { result: "moved"; startsAt: Date };

function claimsOf(token: string, now: Date): AppointmentLinkClaims {
  const check = verifyAppointmentLink(token, now);
  if (check.ok) return check.claims;
  // Same answer for a forged token and a real one's tampered copy: nothing to learn.
  if (check.reason === "expired") throw new ApiError("forbidden", "This link has expired.", "token");
  throw new ApiError("bad_request", "This link is not valid.", "token");
}

async function load(appointmentId: string) {
  const db = tenantDb();
  const [tenant, appointment] = await Promise.all([
    db.tenant.findFirst({ select: { name: true, locale: true, timezone: true } }),
    db.appointment.findFirst({
      where: { id: appointmentId },
      select: { status: true, startsAt: true, serviceId: true, service: { select: { name: true } }, client: { select: { phone: true, email: true } } },
    }),
  ]);
  if (!tenant || !appointment) throw new ApiError("not_found", "This appointment no longer exists.", "token");
  return { tenant, appointment };
}

export async function readLinkedAppointment(token: string, now: Date = new Date()): Promise<LinkedAppointment> {
  const claims = claimsOf(token, now);
  return runAsTenant(claims.tenantId, async () => {
    const { tenant, appointment } = await load(claims.appointmentId);
    const movable = appointment.status === "booked" && appointment.startsAt > now;
    const slots = movable
      ? await createBooking(tenantDb(), { externalBusy: calendarBusy() }).nearestFreeSlots(appointment.serviceId, appointment.startsAt, 6, now, { ignoreAppointmentId: claims.appointmentId })
      : [];
    return {
      business: tenant.name,
      locale: localeOf(tenant.locale),
      timeZone: tenant.timezone,
      service: appointment.service.name,
      startsAt: appointment.startsAt,
      status: appointment.status,
      slots: slots.filter((s) => s.startsAt.getTime() !== appointment.startsAt.getTime()),
    };
  });
}

export async function applyLinkAction(action: LinkAction, now: Date = new Date()): Promise<LinkActionResult> {
  const claims = claimsOf(action.token, now);
  return runAsTenant(claims.tenantId, async () => {
    const db = tenantDb();
    const { appointment } = await load(claims.appointmentId);
    const audit = (name: string, metadata: Record<string, string>) =>
      recordAuditEvent(db, { action: name, actorKind: "system", target: `appointment:${claims.appointmentId}`, metadata: { ...metadata, by: "client_link" } });
    if (action.action === "stop") {
      // The client's number and email both: the link stands for the client, whichever way they were reached.
      const { phone, email } = appointment.client;
      for (const address of [phone, email?.toLowerCase()]) if (address) await recordOptOut(address);
      await audit("messaging.opted_out", {});
      return { result: "stopped" };
    }
    if (action.action === "cancel") {
      if (appointment.status === "cancelled") return { result: "already_cancelled" };
      if (appointment.status !== "booked" || appointment.startsAt <= now) throw new ApiError("conflict", "This appointment can no longer be changed.", "token");
      // Only the tap whose UPDATE changed the row cancelled it; a simultaneous second tap is "already".
      const { count } = await db.appointment.updateMany({ where: { id: claims.appointmentId, status: "booked" }, data: { status: "cancelled" } });
      if (!count) return { result: "already_cancelled" };
      await audit("appointment.cancelled", { from: "booked", to: "cancelled" });
      return { result: "cancelled" };
    }
    if (appointment.status !== "booked" || appointment.startsAt <= now) throw new ApiError("conflict", "This appointment can no longer be changed.", "token");
    try {
      await createBooking(db, { externalBusy: calendarBusy() }).rescheduleAppointment(claims.appointmentId, action.startsAt, { now });
    } catch (error) {
      if (error instanceof SlotUnavailableError) throw new ApiError("conflict", "This time is not available any more; pick another one.", "startsAt");
      if (error instanceof AppointmentNotFoundError) throw new ApiError("conflict", "This appointment can no longer be changed.", "token");
      throw error;
    }
    await audit("appointment.moved", { from: appointment.startsAt.toISOString(), to: action.startsAt.toISOString() });
    return { result: "moved", startsAt: action.startsAt };
  });
}
