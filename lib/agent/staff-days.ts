import { addDays, isoWeekday } from "@/lib/booking";
import type { ResourceFact, TenantFacts } from "./tenant-facts";

/* Which days a staff member works: their days off and their weekdays, within the business's own days. */

/** Whether the person works on `date` at all: not one of their days off, and one of their weekdays. */
export function worksOn(person: Pick<ResourceFact, "closures" | "hours">, date: string): boolean {
  if (person.closures.some((c) => c.startsOn <= date && date <= c.endsOn)) return false;
  return !person.hours.length || person.hours.some((h) => h.weekday === isoWeekday(date));
}

/** The first day after `date`, within two months, when the person works and the business is open. */
export function backOn(facts: Pick<TenantFacts, "hours" | "closures">, person: Pick<ResourceFact, "closures" | "hours">, date: string): string | null {
  for (let i = 1; i <= 62; i++) {
    const day = addDays(date, i);
    const open = facts.hours.some((h) => h.weekday === isoWeekday(day)) && !facts.closures.some((c) => c.startsOn <= day && day <= c.endsOn);
    if (open && worksOn(person, day)) return day;
  }
  return null;
}
