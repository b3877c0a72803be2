/*
 * Time for the job runner and the jobs it runs. Production reads the wall
 * clock; tests hold a manual clock, advance it and call runDue(), so no test
 * sleeps and a "day 7" is reached in one line.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): Date;
}

export function createManualClock(start: Date | string): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
      return new Date(current);
    },
  };
}

export type Every = "minute" | "hour" | "day" | "month";

/** The UTC period a scheduled job belongs to; part of its singleton key. */
export function periodKey(every: Every, at: Date): string {
  const iso = at.toISOString();
  if (every === "minute") return iso.slice(0, 16);
  if (every === "hour") return iso.slice(0, 13);
  if (every === "day") return iso.slice(0, 10);
  return iso.slice(0, 7);
}
