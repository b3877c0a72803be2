import "server-only";
import { systemClock, type Clock } from "@/lib/jobs/clock";

/* The clock the export routes read (link signing and expiry); tests set it to reach hour 24 without sleeping. */

let current: Clock = systemClock;

export function dataExportClock(): Clock {
  return current;
}

/** For tests: `null` restores the wall clock. */
export function setDataExportClock(clock: Clock | null): void {
  current = clock ?? systemClock;
}
