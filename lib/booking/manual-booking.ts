import "server-only";
import type { z } from "zod";
import type { TenantUserContext } from "@/lib/auth";
import { recordAuditEvent, type AuditEntry } from "@/lib/audit";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import {
  appointmentView,
  appointmentViewInclude,
  slotOffer,
  tenantTimeZone,
  type AppointmentView,
  type SlotOffer,
} from "./appointment-calendar";
import type { appointmentStatusSchema, manualBookingSchema, moveAppointmentSchema } from "./appointment-schemas";
import { AppointmentNotFoundError, ResourceNotFoundError, ServiceNotFoundError, SlotUnavailableError, type UnavailableReason } from "./booking-errors";
import { calendarBusy } from "@/lib/calendar";
import { createBooking, type BookingDb } from "./booking-service";
import { instantAt, isoWithOffset } from "./local-time";
import { slotRefusal } from "./slot-refusal";
import { memberAuditEntry } from "@/lib/auth/member-audit";

/*
 * Appointments made, moved and closed by a member in the console. They go
 * through the same booking functions as the receptionist, so opening hours,
 * closures and buffers apply and the exclusion constraint alone decides a
 * conflict: the console cannot double-book either.
 */

type Ctx = TenantUserContext;
type ManualBooking = z.output<ReturnType<typeof manualBookingSchema>>;
type Move = z.output<typeof moveAppointmentSchema>;
type StatusChange = z.output<typeof appointmentStatusSchema>;

/** Made in the console, not through a channel. */
const BY_HAND = null;

/**
 * A refused time, with the nearest free ones. The body keeps the one error
 * shape and adds `reason` and `alternatives`, so the form can offer them
 * without asking again.
 */
class SlotRefusedError extends ApiError {
  constructor(reason: UnavailableReason, alternatives: SlotOffer[], timeZone: string, startsAt: Date) {
    const when = isoWithOffset(startsAt, timeZone).slice(0, 16).replace("T", " ");
    const offers = alternatives.length ? ` Nearest free times: ${alternatives.map((a) => `${a.localDate} ${a.localTime}`).join(", ")}.` : "";
    const message = `${slotRefusal(reason, when, "en")}${offers}`;
    // A taken slot is a conflict with another booking; past or closed is a bad time.
    super(reason === "taken" ? "conflict" : "bad_request", message, "time", undefined, { reason, alternatives });
  }
}

function refusal(error: unknown, timeZone: string): unknown {
  if (error instanceof SlotUnavailableError) {
    return new SlotRefusedError(error.reason, error.alternatives.map(slotOffer), timeZone, error.startsAt);
  }
  if (error instanceof ServiceNotFoundError) return new ApiError("bad_request", "Choose an active service.", "serviceId");
  if (error instanceof ResourceNotFoundError) return new ApiError("bad_request", "Choose a person or room who performs this service.", "resourceId");
  return error;
}

function auditEntry(ctx: Ctx, action: string, appointmentId: string, metadata: AuditEntry["metadata"]): AuditEntry {
  // Client ids only: names and phone numbers stay out of the audit trail, which cannot be erased.
  return memberAuditEntry(ctx, action, `appointment:${appointmentId}`, metadata);
}

async function readView(db: TenantDb, id: string, timeZone: string): Promise<AppointmentView> {
  const row = await db.appointment.findFirst({ where: { id }, include: appointmentViewInclude });
  if (!row) throw new ApiError("not_found", "This appointment does not exist.");
  return appointmentView(row, timeZone);
}

/** A client known by this phone number, else a new one: the number is a client's identity within a tenant. */
async function clientForBooking(tx: TenantDb, input: ManualBooking): Promise<{ id: string; created: boolean }> {
  if (input.clientId) {
    const client = await tx.client.findFirst({ where: { id: input.clientId }, select: { id: true } });
    if (!client) throw new ApiError("bad_request", "This client does not exist. Pick one from the list or enter a new one.", "clientId");
    return { id: client.id, created: false };
  }
  const phone = input.clientPhone!;
  // ON CONFLICT DO NOTHING: the agent may create the same number at the same moment.
  const { count } = await tx.client.createMany({ data: [{ name: input.clientName!, phone }], skipDuplicates: true });
  const client = await tx.client.findFirst({ where: { phone }, select: { id: true } });
  if (!client) throw new Error("The client row could not be read back");
  return { id: client.id, created: count === 1 };
}

/**
 * Books by hand. The client (new or found by phone) and the appointment are
 * written in one transaction, so a refused time leaves no stray client
 * behind; the booking write runs under a savepoint so the alternatives can
 * still be read after the constraint refused it.
 */
export async function bookByHand(ctx: Ctx, input: ManualBooking, now: Date = new Date()): Promise<AppointmentView> {
  const timeZone = await tenantTimeZone(ctx.db);
  const [hours, minutes] = input.time.split(":").map(Number);
  const startsAt = instantAt(input.date, hours! * 60 + minutes!, timeZone);
  try {
    const id = await ctx.db.$transaction(async (transaction) => {
      const tx = transaction as unknown as TenantDb;
      const client = await clientForBooking(tx, input);
      // The calendar lookup on this transaction's connection too, never a second one.
      const externalBusy = calendarBusy((text, values) => tx.$queryRawUnsafe(text, ...values));
      const booked = await createBooking(tx as BookingDb, { savepoints: true, externalBusy }).bookAppointment({
        serviceId: input.serviceId,
        ...(input.resourceId ? { resourceId: input.resourceId } : {}),
        clientId: client.id,
        startsAt,
        channel: BY_HAND,
        now,
      });
      await recordAuditEvent(
        tx,
        auditEntry(ctx, "appointment.created", booked.id, {
          service: booked.service,
          startsAt: booked.startsAt.toISOString(),
          clientId: client.id,
          newClient: client.created,
        }),
      );
      return booked.id;
    });
    return await readView(ctx.db, id, timeZone);
  } catch (error) {
    throw refusal(error, timeZone);
  }
}

async function currentAppointment(db: TenantDb, id: string) {
  const row = await db.appointment.findFirst({ where: { id }, select: { id: true, status: true, startsAt: true, resourceId: true } });
  if (!row) throw new ApiError("not_found", "This appointment does not exist.");
  return row;
}

/** Moves a booked appointment; the new time passes the same rules as a booking. */
export async function moveByHand(ctx: Ctx, id: string, input: Move, now: Date = new Date()): Promise<AppointmentView> {
  const timeZone = await tenantTimeZone(ctx.db);
  const current = await currentAppointment(ctx.db, id);
  if (current.status !== "booked") throw new ApiError("conflict", `Only booked appointments can be moved; this one is ${current.status}.`);
  const [hours, minutes] = input.time.split(":").map(Number);
  const startsAt = instantAt(input.date, hours! * 60 + minutes!, timeZone);
  try {
    await createBooking(ctx.db, { externalBusy: calendarBusy() }).rescheduleAppointment(id, startsAt, { now, ...(input.resourceId ? { resourceId: input.resourceId } : {}) });
  } catch (error) {
    if (error instanceof AppointmentNotFoundError) throw new ApiError("conflict", "This appointment was cancelled meanwhile.");
    throw refusal(error, timeZone);
  }
  await recordAuditEvent(
    ctx.db,
    auditEntry(ctx, "appointment.moved", id, {
      from: current.startsAt.toISOString(),
      to: startsAt.toISOString(),
      ...(input.resourceId && input.resourceId !== current.resourceId ? { fromResourceId: current.resourceId, toResourceId: input.resourceId } : {}),
    }),
  );
  return readView(ctx.db, id, timeZone);
}

/**
 * Cancels, or records how a started appointment went. Completed and no-show
 * are only for appointments that have started (they free the slot, so a
 * future one marked by mistake would open it to double booking); a
 * cancelled appointment stays cancelled (re-booking is a new booking).
 */
export async function setStatusByHand(ctx: Ctx, id: string, input: StatusChange, now: Date = new Date()): Promise<AppointmentView> {
  const timeZone = await tenantTimeZone(ctx.db);
  const current = await currentAppointment(ctx.db, id);
  if (input.status === current.status) return readView(ctx.db, id, timeZone);
  if (input.status === "cancelled") {
    if (current.status !== "booked") throw new ApiError("conflict", `Only booked appointments can be cancelled; this one is ${current.status}.`, "status");
    try {
      await createBooking(ctx.db).cancelAppointment(id);
    } catch (error) {
      if (error instanceof AppointmentNotFoundError) throw new ApiError("conflict", "This appointment changed meanwhile; reload and try again.", "status");
      throw error;
    }
  } else {
    if (current.status === "cancelled") throw new ApiError("conflict", "A cancelled appointment cannot be marked completed or no-show.", "status");
    if (current.startsAt > now) throw new ApiError("conflict", "This appointment has not started yet: it can be marked completed or no-show once it has.", "status");
    const { count } = await ctx.db.appointment.updateMany({
      where: { id, status: { in: ["booked", "completed", "no_show"] } },
      data: { status: input.status },
    });
    if (!count) throw new ApiError("conflict", "This appointment changed meanwhile; reload and try again.", "status");
  }
  await recordAuditEvent(ctx.db, auditEntry(ctx, `appointment.${input.status}`, id, { from: current.status, to: input.status }));
  return readView(ctx.db, id, timeZone);
}

export async function readAppointment(ctx: Ctx, id: string): Promise<AppointmentView> {
  return readView(ctx.db, id, await tenantTimeZone(ctx.db));
}
