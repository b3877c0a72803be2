import { z } from "zod";
import { addDays, instantAt, wallClockAt } from "@/lib/booking/local-time";

/*
 * When clients are reminded, per tenant, in tenant.settings.reminders. A
 * leaf module: the dispatch job, the console form and the tests read it.
 */

export const REMINDER_KINDS = ["reminder_first", "reminder_second"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const reminderSchema = (hours: number) =>
  z.object({
    enabled: z.boolean().catch(true).default(true),
    hoursBefore: z.number().int().min(1).max(168).catch(hours).default(hours),
  });

const stored = z.object({
  first: reminderSchema(24).catch({ enabled: true, hoursBefore: 24 }).default({ enabled: true, hoursBefore: 24 }),
  second: reminderSchema(2).catch({ enabled: true, hoursBefore: 2 }).default({ enabled: true, hoursBefore: 2 }),
});

export type ReminderSettings = z.infer<typeof stored>;

/** What the console form posts; unlike stored settings, a bad value is a 400 naming the field. */
export const reminderSettingsInput = z
  .object({
    firstEnabled: z.boolean(),
    firstHoursBefore: z.coerce.number({ message: "Enter a number of hours" }).int("Whole hours only").min(1, "At least 1 hour").max(168, "At most 168 hours (a week)"),
    secondEnabled: z.boolean(),
    secondHoursBefore: z.coerce.number({ message: "Enter a number of hours" }).int("Whole hours only").min(1, "At least 1 hour").max(168, "At most 168 hours (a week)"),
  })
  .refine((v) => v.secondHoursBefore < v.firstHoursBefore, { path: ["secondHoursBefore"], message: "The second reminder must come after the first (fewer hours before)." });

export function reminderSettingsOf(settings: unknown): ReminderSettings {
  const value = settings && typeof settings === "object" ? (settings as Record<string, unknown>).reminders : undefined;
  return stored.parse(value && typeof value === "object" ? value : {});
}

export function reminderFor(settings: ReminderSettings, kind: ReminderKind) {
  return kind === "reminder_first" ? settings.first : settings.second;
}

/**
 * When a reminder `hoursBefore` an appointment is due, counted on the
 * tenant's wall clock: 24 h before Monday 10:00 is Sunday 10:00 even when the
 * clocks changed in between (23 or 25 real hours), which is what "tomorrow at
 * 10:00" means to the client. A wall time skipped in spring moves forward.
 */
export function reminderDueAt(startsAt: Date, hoursBefore: number, timeZone: string): Date {
  const wall = wallClockAt(startsAt, timeZone);
  const minutes = wall.minutes - hoursBefore * 60;
  const days = Math.floor(minutes / 1440);
  return instantAt(addDays(wall.date, days), minutes - days * 1440, timeZone);
}
