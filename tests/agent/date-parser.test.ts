import { describe, expect, it } from "vitest";
import { instantAt, wallClockAt } from "@/lib/booking";
import { parseWhen } from "@/lib/agent/date-parser";

const hhmm = (minutes: number | undefined) =>
  minutes === undefined ? undefined : `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Parses `message` said at `now` (a wall-clock "YYYY-MM-DD HH:MM" in `zone`) → "date time" as understood. */
function understood(message: string, now: string, zone: string, locale: "fr" | "en" = "fr") {
  const [date, time] = now.split(" ");
  const [h, m] = time!.split(":").map(Number);
  const w = parseWhen(message, instantAt(date!, h! * 60 + m!, zone), zone, locale);
  if (!w) return null;
  return [w.date, hhmm(w.minutes), w.period, w.approximate ? "~" : undefined, w.soonest ? "asap" : undefined].filter(Boolean).join(" ");
}

// Monday 2030-01-07 08:00 in Zurich unless stated otherwise.
const MONDAY = "2030-01-07 08:00";

describe("French", () => {
  it.each([
    ["demain à 10h", "2030-01-08 10:00"],
    ["Demain a 10 h 30", "2030-01-08 10:30"],
    ["mardi prochain vers 15h30", "2030-01-08 15:30 ~"],
    ["le 12 à 9h", "2030-01-12 09:00"],
    ["le 1er février à 14h", "2030-02-01 14:00"],
    ["lundi", "2030-01-14"],
    ["ce lundi à 17h", "2030-01-07 17:00"],
    ["14h30", "14:30"],
    ["à 9 heures et demie", "09:30"],
    ["à midi", "12:00"],
    ["aujourd'hui à 16h", "2030-01-07 16:00"],
    ["après-demain matin", "2030-01-09 morning"],
    ["demain après-midi à 3h", "2030-01-08 15:00 afternoon"],
    ["jeudi soir", "2030-01-10 evening"],
    ["samedi 12 à 9h", "2030-01-12 09:00"],
    ["15/01 à 8h30", "2030-01-15 08:30"],
    ["le 3 mars", "2030-03-03"],
    ["la semaine prochaine", "2030-01-14"],
    ["dans 3 jours", "2030-01-10"],
    ["dans 2 heures", "2030-01-07 10:00"],
    ["dès que possible", "asap"],
    ["le 5", "2030-02-05"],
    ["Je voudrais un rendez-vous", null],
    ["Marie Curie, 079 123 45 67", null],
  ])("%s → %s", (message, expected) => {
    expect(understood(message, MONDAY, "Europe/Zurich")).toBe(expected);
  });
});

describe("English", () => {
  it.each([
    ["next Friday at 2pm", "2030-01-11 14:00"],
    ["tomorrow morning", "2030-01-08 morning"],
    ["today at 4", "2030-01-07 16:00"],
    ["today at 4 am", "2030-01-07 04:00"],
    ["at 2:30", "14:30"],
    ["around 10:15 tomorrow", "2030-01-08 10:15 ~"],
    ["Wednesday at 9 a.m.", "2030-01-09 09:00"],
    ["this afternoon", "2030-01-07 afternoon"],
    ["on the 12th at 9am", "2030-01-12 09:00"],
    ["March 3rd at 10:30 am", "2030-03-03 10:30"],
    ["01/15 at noon", "2030-01-15 12:00"],
    ["in 2 days", "2030-01-09"],
    ["the day after tomorrow at 11", "2030-01-09 11:00"],
    ["as soon as possible", "asap"],
    ["I'd like an appointment", null],
  ])("%s → %s", (message, expected) => {
    expect(understood(message, MONDAY, "America/Toronto", "en")).toBe(expected);
  });
});

describe("relative to the tenant's wall clock", () => {
  it("uses the tenant's day, not the server's or UTC's", () => {
    // 23:30 on Sunday in Toronto is already Monday in UTC.
    expect(understood("demain à 10h", "2030-01-06 23:30", "America/Toronto")).toBe("2030-01-07 10:00");
    expect(understood("tomorrow", "2030-01-06 23:30", "America/Toronto", "en")).toBe("2030-01-07");
  });

  it.each([
    // Europe/Zurich springs forward in the night to Sunday 2027-03-28, falls back to 2027-10-31.
    ["demain à 10h", "2027-03-27 10:00", "Europe/Zurich", "fr", "2027-03-28T08:00:00.000Z"],
    ["lundi à 8h30", "2027-03-27 10:00", "Europe/Zurich", "fr", "2027-03-29T06:30:00.000Z"],
    ["demain à 10h", "2027-10-30 10:00", "Europe/Zurich", "fr", "2027-10-31T09:00:00.000Z"],
    ["demain à 2h30 du matin", "2027-03-27 10:00", "Europe/Zurich", "fr", "2027-03-28T01:30:00.000Z"], // in the gap → 03:30 CEST
    // America/Toronto: 2027-03-14 and 2027-11-07.
    ["tomorrow at 2pm", "2027-03-13 09:00", "America/Toronto", "en", "2027-03-14T18:00:00.000Z"],
    ["Monday at 9am", "2027-03-13 09:00", "America/Toronto", "en", "2027-03-15T13:00:00.000Z"],
    ["Monday at 9am", "2027-11-06 09:00", "America/Toronto", "en", "2027-11-08T14:00:00.000Z"],
  ] as const)("%s said at %s (%s) → %s", (message, now, zone, locale, utc) => {
    const [date, time] = now.split(" ");
    const [h, m] = time!.split(":").map(Number);
    const when = parseWhen(message, instantAt(date!, h! * 60 + m!, zone), zone, locale)!;
    const instant = instantAt(when.date!, when.minutes!, zone);
    expect(instant.toISOString()).toBe(utc);
    if (!message.includes("2h30")) expect(wallClockAt(instant, zone).minutes).toBe(when.minutes);
  });
});
