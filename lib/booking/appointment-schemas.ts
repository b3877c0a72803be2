import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { phoneNumberField } from "@/lib/settings/settings-schemas";

/*
 * Inputs of the console's appointment forms, shared by the client components
 * (message before the round trip) and the route handlers (the check that
 * counts). Times are the tenant's wall clock: the server turns them into
 * instants with the tenant's zone, so a browser in another zone books what
 * the practice sees. Nothing here may import server code.
 */

export const APPOINTMENT_STATUSES = ["booked", "cancelled", "completed", "no_show"] as const;
export type AppointmentStatusValue = (typeof APPOINTMENT_STATUSES)[number];
/** What a member may set by hand; "booked" only comes from booking or moving. */
export const SETTABLE_STATUSES = ["cancelled", "completed", "no_show"] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  // This century only: far-off years parse in JavaScript but some are not
  // dates PostgreSQL stores (year 0, 10000 once converted from local time).
  const year = Number(value.slice(0, 4));
  if (year < 2000 || year > 2099) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const dateField = z.string({ message: "Enter the date" }).refine(isLocalDate, "Date must be a day like 2030-01-31");
const timeField = z.string({ message: "Enter the time" }).regex(TIME, "Time must be like 09:30");
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * A booking by hand: an existing client by id, or a name and phone (the phone
 * is the client's identity, so a known number books for that client).
 */
export function manualBookingSchema(region: CountryCode) {
  return z
    .object({
      serviceId: z.uuid({ message: "Choose a service" }),
      /** A person or room; left out, whoever performs the service and is free. */
      resourceId: z.uuid({ message: "Choose a person or room from the list" }).optional(),
      clientId: z.uuid({ message: "Choose a client from the list" }).optional(),
      clientName: optionalText(120, "Client name"),
      // Blank means "not given"; a union would replace the field's message with "Invalid input".
      clientPhone: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), phoneNumberField(region, "Client phone").optional()),
      date: dateField,
      time: timeField,
    })
    .superRefine((value, ctx) => {
      if (value.clientId) return;
      if (!value.clientName || value.clientName.length < 2) {
        ctx.addIssue({ code: "custom", message: "Enter the client's name (at least 2 characters) or pick a client", path: ["clientName"] });
      } else if (!value.clientPhone) {
        ctx.addIssue({ code: "custom", message: "Enter the client's phone number", path: ["clientPhone"] });
      }
    });
}
export type ManualBookingInput = z.input<ReturnType<typeof manualBookingSchema>>;

/** A new time, and optionally another person or room (left out: the same one). */
export const moveAppointmentSchema = z.object({
  date: dateField,
  time: timeField,
  resourceId: z.uuid({ message: "Choose a person or room from the list" }).optional(),
});
export type MoveAppointmentInput = z.input<typeof moveAppointmentSchema>;

export const appointmentStatusSchema = z.object({
  status: z.enum(SETTABLE_STATUSES, { message: "Status must be cancelled, completed or no_show" }),
});

/** Query string of the list: a week (its Monday or any day in it), optionally one status. */
export const appointmentQuerySchema = z.object({
  week: z.string().refine(isLocalDate, "week must be a day like 2030-01-31").optional(),
  status: z.enum(APPOINTMENT_STATUSES, { message: "status must be booked, cancelled, completed or no_show" }).optional(),
});
