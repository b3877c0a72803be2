import type { BusyInterval } from "./calendar-types";

/** `busy` minus `cut`: the parts of each busy interval outside every cut interval. */
export function subtractIntervals(busy: BusyInterval[], cut: BusyInterval[]): BusyInterval[] {
  if (!cut.length) return busy;
  const cuts = [...cut].sort((a, b) => a.start.getTime() - b.start.getTime());
  const out: BusyInterval[] = [];
  for (const b of busy) {
    let start = b.start.getTime();
    const end = b.end.getTime();
    for (const c of cuts) {
      if (c.end.getTime() <= start || c.start.getTime() >= end) continue;
      if (c.start.getTime() > start) out.push({ start: new Date(start), end: new Date(c.start.getTime()) });
      start = Math.max(start, c.end.getTime());
      if (start >= end) break;
    }
    if (start < end) out.push({ start: new Date(start), end: new Date(end) });
  }
  return out;
}

export function clipIntervals(busy: BusyInterval[], from: Date, to: Date): BusyInterval[] {
  return busy.filter((b) => b.start < to && b.end > from);
}

/** Stored as [{s, e}] ISO strings in calendar_connections.busy_snapshot. */
export function intervalsToJson(busy: BusyInterval[]): Array<{ s: string; e: string }> {
  return busy.map((b) => ({ s: b.start.toISOString(), e: b.end.toISOString() }));
}

export function intervalsFromJson(value: unknown): BusyInterval[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is { s: string; e: string } => typeof v?.s === "string" && typeof v?.e === "string")
    .map((v) => ({ start: new Date(v.s), end: new Date(v.e) }));
}
