import ICAL from "ical.js";
import type { BusyInterval, CalendarEventBody, ExternalEventState } from "./calendar-types";
import { instantAt, localDateOf } from "@/lib/booking/local-time";
import { caldavUid } from "./event-identity";

/*
 * iCalendar text for CalDAV. Writing is a small fixed template (UTC times, no
 * time zone definitions needed); reading goes through ical.js, which knows
 * recurrence rules, exceptions and the VTIMEZONEs other clients send.
 */

const utc = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/**
 * RFC 5545 TEXT escaping, and lines folded at 75 octets. Every line break a
 * parser may honour (a bare CR for vobject) becomes "\\n" and other control
 * characters go: a caller's name must not add properties (ATTENDEE) to the event.
 */
function text(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g, "\\n")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}

function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  for (const ch of line) {
    if (Buffer.byteLength(current + ch, "utf8") > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = "";
    }
    current += ch;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function eventIcs(event: CalendarEventBody, now: Date): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Frontdesk//Calendar sync//EN",
    "BEGIN:VEVENT",
    `UID:${caldavUid(event.appointmentId)}`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SUMMARY:${text(event.summary)}`,
    `DESCRIPTION:${text(event.description)}`,
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}

interface ParsedObject {
  uid: string | null;
  busy: BusyInterval[];
}

const MAX_OCCURRENCES = 2000;

/** Dates (all-day events) and floating times are the business's wall clock. */
function toInstant(t: ICAL.Time, timeZone: string): Date {
  if (!t.isDate && t.zone?.tzid !== "floating") return t.toJSDate();
  const minutes = t.isDate ? 0 : t.hour * 60 + t.minute;
  return new Date(instantAt(localDateOf(t.year, t.month, t.day), minutes, timeZone).getTime() + (t.isDate ? 0 : t.second * 1000));
}

function isBusy(vevent: ICAL.Component): boolean {
  const transp = String(vevent.getFirstPropertyValue("transp") ?? "OPAQUE").toUpperCase();
  const status = String(vevent.getFirstPropertyValue("status") ?? "").toUpperCase();
  return transp !== "TRANSPARENT" && status !== "CANCELLED";
}

/** Busy intervals of one calendar object overlapping [from, to), recurrences expanded. */
export function busyOfIcs(data: string, from: Date, to: Date, timeZone: string): ParsedObject {
  const root = new ICAL.Component(ICAL.parse(data));
  for (const tz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  const vevents = root.getAllSubcomponents("vevent");
  const master = vevents.find((v) => !v.hasProperty("recurrence-id")) ?? vevents[0];
  if (!master) return { uid: null, busy: [] };
  const uid = master.getFirstPropertyValue("uid");
  const event = new ICAL.Event(master);
  for (const v of vevents) if (v !== master && v.hasProperty("recurrence-id")) event.relateException(v);
  const busy: BusyInterval[] = [];
  const push = (start: ICAL.Time, end: ICAL.Time, component: ICAL.Component) => {
    const s = toInstant(start, timeZone);
    const e = toInstant(end, timeZone);
    if (isBusy(component) && s < to && e > from && e > s) busy.push({ start: s, end: e });
  };
  if (!event.isRecurring()) {
    push(event.startDate, event.endDate, master);
    return { uid: uid == null ? null : String(uid), busy };
  }
  const iterator = event.iterator();
  for (let i = 0, next = iterator.next(); next && i < MAX_OCCURRENCES; i++, next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    if (toInstant(details.startDate, timeZone) >= to) break;
    push(details.startDate, details.endDate, details.item.component);
  }
  return { uid: uid == null ? null : String(uid), busy };
}

/** Start and end of our own (single) event in a calendar object. */
export function stateOfIcs(data: string, timeZone: string): ExternalEventState | null {
  const root = new ICAL.Component(ICAL.parse(data));
  for (const tz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  const vevent = root.getFirstSubcomponent("vevent");
  if (!vevent) return null;
  const event = new ICAL.Event(vevent);
  if (String(vevent.getFirstPropertyValue("status") ?? "").toUpperCase() === "CANCELLED") return null;
  return { start: toInstant(event.startDate, timeZone), end: toInstant(event.endDate, timeZone) };
}
