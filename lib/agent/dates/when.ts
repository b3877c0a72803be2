import type { LocalDate } from "@/lib/booking";

/*
 * What a caller said about when, as the dialogue acts on it. The parser
 * returns what was said; choosing a day for a bare time, a time for a bare
 * day, or explaining a date that has passed is the dialogue's job.
 */

export const DAY_PARTS = [
  "morning",
  "early_morning",
  "late_morning",
  "lunch",
  "afternoon",
  "early_afternoon",
  "late_afternoon",
  "evening",
] as const;

export type DayPart = (typeof DAY_PARTS)[number];

export interface WhenRequest {
  /** Local date, when a day was named; may be in the past ("hier", "last Monday"). */
  date?: LocalDate;
  /** Minutes after local midnight, when a time was named. */
  minutes?: number;
  period?: DayPart;
  /** "après 16h", "after 3pm": minutes after local midnight. */
  after?: number;
  /** "avant 10h", "before noon". */
  before?: number;
  /** The weekday named with a day number ("lundi 15"), to check against `date`. */
  weekday?: number;
  /** The day was a weekday alone ("mercredi"), taken as the next one; a day in context may mean another week. */
  weekdayAlone?: boolean;
  /** "le 5" said after the 5th: `date` is next month's, this is the one that has passed. */
  passedDate?: LocalDate;
  /** "vers 15h30", "around 3". */
  approximate: boolean;
  /** "dès que possible", "the earliest you have". */
  soonest: boolean;
}

/** The hours each part of the day covers, and where to look first when it is full. */
export const DAY_PART_WINDOWS: Record<DayPart, { from: number; to: number; anchor: number }> = {
  morning: { from: 0, to: 12 * 60, anchor: 9 * 60 },
  early_morning: { from: 0, to: 10 * 60, anchor: 8 * 60 },
  late_morning: { from: 10 * 60, to: 12 * 60 + 30, anchor: 11 * 60 },
  lunch: { from: 11 * 60 + 30, to: 14 * 60, anchor: 12 * 60 },
  afternoon: { from: 12 * 60, to: 18 * 60, anchor: 14 * 60 },
  early_afternoon: { from: 12 * 60, to: 15 * 60, anchor: 13 * 60 + 30 },
  late_afternoon: { from: 15 * 60 + 30, to: 19 * 60, anchor: 16 * 60 + 30 },
  evening: { from: 17 * 60, to: 24 * 60, anchor: 18 * 60 },
};

const MORNING_PARTS: ReadonlySet<DayPart> = new Set(["morning", "early_morning", "late_morning"]);

/** Whether a part of the day is before noon, so "à 3h" in it stays 3 o'clock. */
export function isMorningPart(period: DayPart | undefined): boolean {
  return !!period && MORNING_PARTS.has(period);
}

/** The window of hours a request asks for, from its part of day and its after/before bounds. */
export function windowOf(when: Pick<WhenRequest, "period" | "after" | "before">): { from: number; to: number; anchor: number } | null {
  const part = when.period ? DAY_PART_WINDOWS[when.period] : null;
  if (!part && when.after === undefined && when.before === undefined) return null;
  const from = Math.max(part?.from ?? 0, when.after ?? 0);
  const to = Math.min(part?.to ?? 24 * 60, when.before ?? 24 * 60);
  const anchor = when.after ?? part?.anchor ?? (when.before !== undefined ? Math.max(from, Math.min(9 * 60, to)) : from);
  return { from, to: Math.max(to, from), anchor };
}

/** A request that says something about when (a day, a time, a part of day, "as soon as possible"). */
export const hasMoment = (w: Partial<WhenRequest> | null | undefined): w is WhenRequest =>
  !!w &&
  (w.date !== undefined ||
    w.minutes !== undefined ||
    w.period !== undefined ||
    w.after !== undefined ||
    w.before !== undefined ||
    !!w.soonest);
