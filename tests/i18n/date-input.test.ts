import { describe, expect, it } from "vitest";
import { formatClock, formatDateInput, formatTimeInput, parseDateInput, parseTimeInput } from "@/lib/i18n/date-input";

describe("date fields follow the console language", () => {
  it("shows dd/mm/yyyy in French and mm/dd/yyyy in English", () => {
    expect(formatDateInput("2030-01-31", "fr")).toBe("31/01/2030");
    expect(formatDateInput("2030-01-31", "en")).toBe("01/31/2030");
  });

  it("reads day first in French, month first in English, ISO in both, and refuses impossible dates", () => {
    expect(parseDateInput("31/01/2030", "fr")).toBe("2030-01-31");
    expect(parseDateInput("3.2.30", "fr")).toBe("2030-02-03");
    expect(parseDateInput("01/31/2030", "en")).toBe("2030-01-31");
    expect(parseDateInput("2030-01-31", "fr")).toBe("2030-01-31");
    expect(parseDateInput("31/01/2030", "en")).toBeNull();
    expect(parseDateInput("30/02/2030", "fr")).toBeNull();
    expect(parseDateInput("demain", "fr")).toBeNull();
  });
});

describe("time fields", () => {
  it("show a 24-hour clock in French and AM/PM in English", () => {
    expect(formatClock(14 * 60 + 30, "fr")).toBe("14:30");
    expect(formatClock(14 * 60 + 30, "en")).toBe("2:30 PM");
    expect(formatClock(0, "en")).toBe("12:00 AM");
    expect(formatClock(12 * 60, "en")).toBe("12:00 PM");
    expect(formatTimeInput("09:05", "fr")).toBe("09:05");
  });

  it("read what people type", () => {
    expect(parseTimeInput("14:30")).toBe("14:30");
    expect(parseTimeInput("14h30")).toBe("14:30");
    expect(parseTimeInput("9")).toBe("09:00");
    expect(parseTimeInput("2:30 pm")).toBe("14:30");
    expect(parseTimeInput("12 AM")).toBe("00:00");
    expect(parseTimeInput("12:15 p.m.")).toBe("12:15");
    expect(parseTimeInput("25:00")).toBeNull();
    expect(parseTimeInput("13 pm")).toBeNull();
  });
});
