import "server-only";
import { systemClock, type Clock } from "@/lib/jobs/clock";

/*
 * The clock every support-mode check reads (start, ticket, expiry on each
 * request). Tests replace it to reach minute 30 without sleeping.
 */

let current: Clock = systemClock;

export function supportClock(): Clock {
  return current;
}

/** For tests: `null` restores the wall clock. */
export function setSupportClock(clock: Clock | null): void {
  current = clock ?? systemClock;
}
