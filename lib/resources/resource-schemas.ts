import { z } from "zod";
import { fillMessage } from "@/lib/i18n/messages";
import type { ResourcesMessages } from "@/lib/i18n/resources-messages";
import { formatMinutes } from "@/lib/booking/local-time";
import { isLocalDate } from "@/lib/booking/appointment-schemas";

/*
 * The Staff & rooms forms' schemas, shared by the browser (messages in the
 * member's language, before any round trip) and the route handlers (English,
 * the check that counts). A resource's hours must sit inside the business's
 * own hours, so the schema is built with them. Nothing here may import server code.
 */

export const RESOURCE_KINDS = ["staff", "room"] as const;
export type ResourceKindValue = (typeof RESOURCE_KINDS)[number];

/** One business opening interval, minutes after local midnight (as stored in opening_hours). */
export interface BusinessInterval {
  weekday: number;
  opensAt: number;
  closesAt: number;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function weekdayName(m: ResourcesMessages, weekday: number): string {
  return m[WEEKDAY_KEYS[weekday - 1] ?? "monday"];
}

/** "09:00 – 12:00, 14:00 – 18:00" for one weekday of the business. */
export function businessDayHours(business: BusinessInterval[], weekday: number): string {
  return business
    .filter((b) => b.weekday === weekday)
    .sort((a, b) => a.opensAt - b.opensAt)
    .map((b) => `${formatMinutes(b.opensAt)} – ${formatMinutes(b.closesAt)}`)
    .join(", ");
}

const nameField = (m: ResourcesMessages) => z.string({ message: m.err_name }).trim().min(1, m.err_name).max(80, m.err_name);
const kindField = (m: ResourcesMessages) => z.enum(RESOURCE_KINDS, { message: m.err_kind });
const memberField = (m: ResourcesMessages) =>
  z.preprocess((v) => (v === "" ? null : v), z.uuid({ message: m.err_member }).nullable()).default(null);
const serviceIdsField = (m: ResourcesMessages) =>
  z
    .array(z.uuid({ message: m.err_service }), { message: m.err_service })
    .max(200, m.err_tooMany)
    .transform((ids) => [...new Set(ids)]);

function intervalField(m: ResourcesMessages) {
  return z
    .object({
      weekday: z.number({ message: m.err_time }).int().min(1, m.err_time).max(7, m.err_time),
      opens: z.string({ message: m.err_time }).regex(TIME, m.err_time),
      closes: z.string({ message: m.err_time }).regex(TIME, m.err_time),
    })
    .refine((i) => minutesOf(i.closes) > minutesOf(i.opens), { message: m.err_order, path: ["closes"] });
}

function closureField(m: ResourcesMessages) {
  return z
    .object({
      id: z.uuid().optional(),
      startsOn: z.string({ message: m.err_date }).refine(isLocalDate, m.err_date),
      endsOn: z.string({ message: m.err_date }).refine(isLocalDate, m.err_date),
      reason: z.string({ message: m.err_reason }).trim().max(200, m.err_reason).default(""),
    })
    .refine((c) => c.endsOn >= c.startsOn, { message: m.err_dateOrder, path: ["endsOn"] });
}

type Interval = z.output<ReturnType<typeof intervalField>>;

/**
 * Overlaps within a day, and each interval inside one of the business's
 * intervals that day (a resource cannot work while the business is closed).
 */
function checkWeek(hours: Interval[], business: BusinessInterval[], m: ResourcesMessages, ctx: z.RefinementCtx) {
  hours.forEach((a, i) => {
    const day = weekdayName(m, a.weekday);
    const from = minutesOf(a.opens);
    const to = minutesOf(a.closes);
    const clash = hours.findIndex((b, j) => j < i && b.weekday === a.weekday && minutesOf(b.opens) < to && from < minutesOf(b.closes));
    if (clash !== -1) {
      ctx.addIssue({ code: "custom", message: m.err_overlap, path: ["hours", i, "opens"] });
      return;
    }
    const open = business.filter((b) => b.weekday === a.weekday);
    if (!open.length) {
      ctx.addIssue({ code: "custom", message: fillMessage(m.err_outsideClosed, { day }), path: ["hours", i, "opens"] });
      return;
    }
    if (!open.some((b) => b.opensAt <= from && to <= b.closesAt)) {
      // Name the end that leaves the business's hours, so the error sits next to the control to fix.
      const startInside = open.some((b) => b.opensAt <= from && from < b.closesAt);
      const message = fillMessage(m.err_outside, { day, from: a.opens, to: a.closes, hours: businessDayHours(business, a.weekday) });
      ctx.addIssue({ code: "custom", message, path: ["hours", i, startInside ? "closes" : "opens"] });
    }
  });
}

/**
 * A whole resource, saved at once: details, services, its week (null: the
 * business's hours) and its days off as the list should be (kept by id, new
 * without). Several intervals on a day make breaks.
 */
export function resourceSchema(business: BusinessInterval[], m: ResourcesMessages) {
  return z
    .object({
      name: nameField(m),
      kind: kindField(m),
      memberUserId: memberField(m),
      active: z.boolean({ message: m.err_kind }).default(true),
      serviceIds: serviceIdsField(m).default([]),
      hours: z.array(intervalField(m), { message: m.err_time }).max(28, m.err_tooMany).nullable().default(null),
      closures: z.array(closureField(m), { message: m.err_date }).max(100, m.err_tooMany).default([]),
    })
    .superRefine((value, ctx) => {
      if (!value.hours) return;
      if (!value.hours.length) ctx.addIssue({ code: "custom", message: m.err_noHours, path: ["hours"] });
      checkWeek(value.hours, business, m, ctx);
    });
}
export type ResourceInput = z.input<ReturnType<typeof resourceSchema>>;
export type ResourceData = z.output<ReturnType<typeof resourceSchema>>;

/** Adding one from the list: a name and a kind; left out, it performs every active service. */
export function newResourceSchema(m: ResourcesMessages) {
  return z.object({
    name: nameField(m),
    kind: kindField(m),
    memberUserId: memberField(m),
    serviceIds: serviceIdsField(m).optional(),
  });
}
export type NewResourceInput = z.input<ReturnType<typeof newResourceSchema>>;

/** The display order, as the full list of ids from first to last. */
export const resourceOrderSchema = z.object({
  ids: z.array(z.uuid({ message: "Send resource ids" }), { message: "Send the resource ids as a list" }).min(1, "Send at least one id").max(500, "Too many ids"),
});
