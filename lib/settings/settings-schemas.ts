import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";

/*
 * The console's form schemas, imported by the client forms (to show a field's
 * message before the round trip) and by the route handlers (the check that
 * counts). Nothing here may import server code.
 */

export const CONSOLE_LANGUAGES = ["fr", "en"] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function minutesFromTime(value: string): number {
  const [h, m] = value.split(":").map(Number);
  return h! * 60 + m!;
}

export { formatMinutes as timeFromMinutes } from "@/lib/booking/local-time";

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return value.includes("/") || value === "UTC";
  } catch {
    return false;
  }
}

function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  // This century only: far-off years parse in JavaScript but some are not
  // dates PostgreSQL stores (year 0, 10000 once converted from local time).
  const year = Number(value.slice(0, 4));
  if (year < 2000 || year > 2099) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * A phone number typed in any common format ("022 555 01 02", "(416) 555-0102",
 * "+41 22 …"): numbers without a country code are read in the tenant's
 * region; the result is E.164 and must be a valid number.
 */
export function phoneNumberField(region: CountryCode, label = "Phone number") {
  return z
    .string({ message: `Enter the ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter the ${label.toLowerCase()}`)
    .max(40, `${label} is too long`)
    .transform((raw, ctx) => {
      const parsed = parsePhoneNumberFromString(raw.replace(/^whatsapp:/i, ""), region);
      if (!parsed || !parsed.isValid()) {
        ctx.addIssue({ code: "custom", message: `${label} is not a valid number for ${region} (or include the country code, e.g. +1…)` });
        return z.NEVER;
      }
      return parsed.number as string;
    });
}

// ------------------------------------------------------------- business ---

/** A short emergency number ("112", "144", "15") or a full one; digits, spaces and a leading +. */
const emergencyNumberField = z
  .string({ message: "Emergency number must be text" })
  .trim()
  .regex(/^\+?\d[\d ]{0,18}\d$/, "Emergency number must be digits, e.g. 112 or 144");

export function businessProfileSchema(region: CountryCode) {
  return z.object({
    businessName: z
      .string({ message: "Enter the business name" })
      .trim()
      .min(2, "Business name must be at least 2 characters")
      .max(120, "Business name must be at most 120 characters"),
    address: z.string().trim().max(300, "Address must be at most 300 characters").default(""),
    timezone: z.string({ message: "Choose a time zone" }).refine(isTimeZone, "Choose a valid time zone, e.g. Europe/Paris"),
    languages: z
      .array(z.enum(CONSOLE_LANGUAGES, { message: "Languages are French (fr) and English (en)" }), { message: "Choose at least one language" })
      .min(1, "Choose at least one language")
      .transform((list) => [...new Set(list)]),
    transferPhone: z
      .union([z.literal("").transform(() => null), z.null(), phoneNumberField(region, "Transfer phone")])
      .default(null),
    // Left out of a request, these two keep what is stored.
    directions: z.string({ message: "Directions must be text" }).trim().max(500, "Directions must be at most 500 characters").optional(),
    emergencyNumber: z
      .union([z.literal("").transform(() => null), z.null(), emergencyNumberField])
      .optional(),
  });
}
export type BusinessProfileInput = z.input<ReturnType<typeof businessProfileSchema>>;

const timeField = (label: string) => z.string({ message: `Enter ${label}` }).regex(TIME, `${label} must be a time like 09:00`);

export const openingHoursSchema = z
  .object({
    hours: z
      .array(
        z
          .object({
            weekday: z.number({ message: "Weekday must be 1 (Monday) to 7 (Sunday)" }).int().min(1, "Weekday must be 1 to 7").max(7, "Weekday must be 1 to 7"),
            opens: timeField("Opening time"),
            closes: timeField("Closing time"),
          })
          .refine((i) => minutesFromTime(i.closes) > minutesFromTime(i.opens), { message: "Closing time must be after the opening time", path: ["closes"] }),
        { message: "Send the opening hours as a list" },
      )
      .max(28, "At most 4 intervals per day"),
  })
  .superRefine((value, ctx) => {
    // Intervals of one day may not overlap: the gap between two is the break.
    value.hours.forEach((a, i) => {
      value.hours.forEach((b, j) => {
        if (j <= i || a.weekday !== b.weekday) return;
        const overlap = minutesFromTime(a.opens) < minutesFromTime(b.closes) && minutesFromTime(b.opens) < minutesFromTime(a.closes);
        if (overlap) ctx.addIssue({ code: "custom", message: "Two intervals of the same day overlap", path: ["hours", j, "opens"] });
      });
    });
  });
export type OpeningHoursInput = z.input<typeof openingHoursSchema>;

export const closureSchema = z
  .object({
    startsOn: z.string({ message: "Enter the first day" }).refine(isCalendarDate, "First day must be a date (YYYY-MM-DD)"),
    endsOn: z.string({ message: "Enter the last day" }).refine(isCalendarDate, "Last day must be a date (YYYY-MM-DD)"),
    reason: z.string().trim().max(200, "Reason must be at most 200 characters").default(""),
  })
  .refine((c) => c.endsOn >= c.startsOn, { message: "Last day must be on or after the first day", path: ["endsOn"] });
export type ClosureInput = z.input<typeof closureSchema>;

/**
 * The whole Business page, saved at once: profile, the week's opening hours
 * (any number of intervals a day, a day with none is closed) and the list of
 * closures as it should be (one kept by id, one new without).
 */
export function businessPageSchema(region: CountryCode) {
  return z.object({
    profile: businessProfileSchema(region),
    week: openingHoursSchema,
    closures: z
      .array(z.object({ id: z.uuid().optional() }).and(closureSchema), { message: "Send the closures as a list" })
      .max(100, "At most 100 closures"),
  });
}
export type BusinessPageInput = z.input<ReturnType<typeof businessPageSchema>>;

// ------------------------------------------------------------- services ---

/** Currencies a price may be set in: the regions' own, and the US dollar some Canadian practices use. */
export const CURRENCIES = ["EUR", "CHF", "DZD", "CAD", "USD"] as const;

export const serviceSchema = z.object({
  name: z.string({ message: "Enter the service name" }).trim().min(2, "Service name must be at least 2 characters").max(80, "Service name must be at most 80 characters"),
  synonyms: z
    .array(z.string().trim().min(1).max(60, "A synonym must be at most 60 characters"), { message: "Synonyms must be a list" })
    .max(20, "At most 20 synonyms")
    .default([])
    .transform((list) => [...new Set(list.filter(Boolean))]),
  durationMinutes: z
    .number({ message: "Duration must be a number of minutes" })
    .int("Duration must be whole minutes")
    .min(5, "Duration must be at least 5 minutes")
    .max(480, "Duration must be at most 480 minutes"),
  bufferMinutes: z
    .number({ message: "Buffer must be a number of minutes" })
    .int("Buffer must be whole minutes")
    .min(0, "Buffer cannot be negative")
    .max(240, "Buffer must be at most 240 minutes")
    .default(0),
  price: z.number({ message: "Price must be a number" }).min(0, "Price cannot be negative").max(100_000, "Price is too high").nullable().default(null),
  /** Left out, the region's currency (new service) or the stored one. */
  currency: z.enum(CURRENCIES, { message: `Currency must be one of ${CURRENCIES.join(", ")}` }).optional(),
  /** The name callers of each language hear; empty means the name above. Left out, the stored names stay. */
  names: z
    .object(
      {
        fr: z.string({ message: "The French name must be text" }).trim().max(80, "The French name must be at most 80 characters").optional(),
        en: z.string({ message: "The English name must be text" }).trim().max(80, "The English name must be at most 80 characters").optional(),
      },
      { message: "Names must be an object with fr and en" },
    )
    .strict()
    .optional(),
  active: z.boolean({ message: "Active must be true or false" }).default(true),
});
export type ServiceInput = z.input<typeof serviceSchema>;

/** The currency prices are shown in, by region. */
export const REGION_CURRENCY: Record<string, string> = { FR: "EUR", BE: "EUR", CH: "CHF", DZ: "DZD", CA: "CAD" };
