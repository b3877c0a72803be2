import { describe, expect, it } from "vitest";
import { dateFormatter, formatCalendarDate, formatInstant } from "@/lib/i18n/date-format";

// ICU separates times with narrow no-break spaces; compare on plain ones.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

describe("console dates", () => {
  it("shows a calendar date as that day whatever the process's zone", () => {
    expect(formatCalendarDate("2030-03-01", "fr")).toBe("1 mars 2030");
    expect(formatCalendarDate("2030-03-01", "en", { weekday: "long", day: "numeric", month: "long" })).toBe("Friday, March 1");
  });

  it("shows an instant on the tenant's wall clock, not the server's", () => {
    // 23:30 UTC is already the next day in Paris and still the same day in Montreal.
    expect(plain(formatInstant("2030-03-01T23:30:00Z", "Europe/Paris", "en"))).toBe("Mar 2, 2030, 12:30 AM");
    expect(plain(formatInstant(new Date("2030-03-01T23:30:00Z"), "America/Toronto", "fr"))).toBe("1 mars 2030, 18:30");
    expect(formatInstant("2030-03-01T23:30:00Z", "Europe/Paris", "fr", { day: "numeric", month: "short", year: "numeric" })).toBe("2 mars 2030");
  });

  it("builds one formatter per locale, zone and options", () => {
    const a = dateFormatter("fr", "Europe/Zurich", { timeStyle: "short" });
    expect(dateFormatter("fr", "Europe/Zurich", { timeStyle: "short" })).toBe(a);
    expect(dateFormatter("en", "Europe/Zurich", { timeStyle: "short" })).not.toBe(a);
    expect(dateFormatter("fr", "Africa/Algiers", { timeStyle: "short" })).not.toBe(a);
  });
});
