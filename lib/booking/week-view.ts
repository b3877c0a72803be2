import { addDays, isoWeekday, mondayOf, type LocalDate } from "./local-time";
import { intervalsOn, type Schedule } from "./slot-grid";

/*
 * Which week the console calls "this week", and which day a new booking
 * starts on. Pure functions of the schedule and the tenant's wall clock, so
 * the server and the tests agree.
 */

/**
 * Monday of "this week". On a Sunday the business is closed, the week that
 * matters is the coming one: today holds nothing and tomorrow's bookings must
 * be on screen. Any other day, the week holding today.
 */
export function currentWeekStart(today: LocalDate, schedule: Schedule): LocalDate {
  if (isoWeekday(today) === 7 && intervalsOn(schedule, today).length === 0) return addDays(today, 1);
  return mondayOf(today);
}

/**
 * The first day from today with opening hours still ahead (today while it has
 * an interval closing after `nowMinutes`), and its first bookable time: today
 * the next quarter hour within an open interval, another day its opening.
 * Today with a note "closed" when nothing opens in the next 60 days.
 */
export function nextOpenDay(today: LocalDate, nowMinutes: number, schedule: Schedule): { date: LocalDate; time: number } {
  for (let i = 0; i < 60; i++) {
    const date = addDays(today, i);
    const intervals = intervalsOn(schedule, date);
    if (i === 0) {
      const next = Math.ceil((nowMinutes + 1) / 15) * 15;
      const open = intervals.find((iv) => iv.closesAt > next);
      if (open) return { date, time: Math.max(open.opensAt, next) };
      continue;
    }
    if (intervals.length) return { date, time: intervals[0]!.opensAt };
  }
  return { date: today, time: 9 * 60 };
}
