/*
 * Dates and numbers in Vapi's events, held to what a phone call can be.
 * JavaScript accepts years -271821 to +275760 and durations of 3e9 seconds,
 * PostgreSQL refuses most of them (and an int column overflows), and Vapi
 * retries every 5xx: one odd value would bounce the whole report forever.
 * So a value out of range is dropped, named in the reply's `ignored` list and
 * logged, and the rest of the report is recorded.
 */

// A call can neither start before Vapi existed nor end in the next century.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
/** Two days: far beyond the longest call Vapi lets an assistant take. */
export const MAX_CALL_SECONDS = 2 * 24 * 3600;

export class ValueReader {
  readonly ignored: string[] = [];

  /** An ISO 8601 string or epoch milliseconds within 2000–2100, else undefined (and noted). */
  instant(value: unknown, field: string): Date | undefined {
    if (value === undefined || value === null) return undefined;
    const ms = typeof value === "number" ? value : typeof value === "string" && value.length <= 40 ? Date.parse(value) : NaN;
    if (Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST) return new Date(ms);
    this.ignored.push(field);
    return undefined;
  }

  /** A finite number of seconds from 0 to `max`, else undefined (and noted). */
  seconds(value: unknown, field: string, max = MAX_CALL_SECONDS): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= max) return value;
    this.ignored.push(field);
    return undefined;
  }

  /** A string of at most `max` characters, else undefined (and noted). */
  text(value: unknown, field: string, max: number): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string" && value.length <= max) return value;
    this.ignored.push(field);
    return undefined;
  }

  /** An https URL of at most 2,000 characters (a recording's), else undefined (and noted). */
  httpsUrl(value: unknown, field: string): string | undefined {
    const text = this.text(value, field, 2_000);
    if (text === undefined) return undefined;
    if (URL.canParse(text) && new URL(text).protocol === "https:") return text;
    this.ignored.push(field);
    return undefined;
  }
}
