import { describe, expect, it } from "vitest";
import { instantAt } from "@/lib/booking";
import { parseWhen } from "@/lib/agent/date-parser";
import { chronoReads, describeWhen } from "./describe-when";
import { DATE_PHRASES, type PhraseCategory } from "./date-phrases";

const NOW = instantAt("2030-01-07", 8 * 60, "Europe/Zurich");
const ours = (phrase: string, locale: "fr" | "en") => describeWhen(parseWhen(phrase, NOW, "Europe/Zurich", locale));

describe("the receptionist's date parser reads every phrase of the corpus", () => {
  it.each(DATE_PHRASES.map(([category, locale, phrase, expected]) => [`${category}: ${phrase}`, locale, phrase, expected] as const))(
    "%s",
    (_, locale, phrase, expected) => {
      expect(ours(phrase, locale)).toBe(expected);
    },
  );
});

/*
 * chrono-node 2.10 (its English and French grammars, forwardDate) read against
 * the same phrases. It was measured before extending the hand-written parser
 * and reads far fewer of them (weekday + day number, half/quarter, parts of
 * the day, bounds, past dates, numbers in words), so the receptionist keeps
 * its own parser; chrono stays a dev dependency for this measurement.
 */
describe("measurement against chrono-node", () => {
  it("counts the phrases each parser reads, by category", () => {
    const rows = new Map<PhraseCategory, { total: number; ours: number; chrono: number }>();
    for (const [category, locale, phrase, expected] of DATE_PHRASES) {
      const row = rows.get(category) ?? { total: 0, ours: 0, chrono: 0 };
      row.total += 1;
      if (ours(phrase, locale) === expected) row.ours += 1;
      if (chronoReads(phrase, locale, expected)) row.chrono += 1;
      rows.set(category, row);
    }
    const line = (label: string, r: { total: number; ours: number; chrono: number }) =>
      `${label.padEnd(28)} ${String(r.total).padStart(3)} ${String(r.chrono).padStart(7)} ${String(r.ours).padStart(5)}`;
    const total = [...rows.values()].reduce((t, r) => ({ total: t.total + r.total, ours: t.ours + r.ours, chrono: t.chrono + r.chrono }), { total: 0, ours: 0, chrono: 0 });
    console.log([`${"category".padEnd(28)} ${"n".padStart(3)} ${"chrono".padStart(7)} ${"ours".padStart(5)}`, ...[...rows].map(([c, r]) => line(c, r)), line("total", total)].join("\n"));
    expect(total.ours).toBeGreaterThan(total.chrono);
  });
});
