import { afterEach, describe, expect, it } from "vitest";
import { signAppointmentLink, verifyAppointmentLink } from "@/lib/messaging/appointment-link";
import { optKeyword } from "@/lib/messaging/opt-outs";
import { dueReminder } from "@/lib/messaging/reminder-planning";
import { reminderDueAt, reminderSettingsInput, reminderSettingsOf } from "@/lib/messaging/reminder-settings";

/*
 * The pure parts: when a reminder is due on the tenant's wall clock (both
 * DST changes, three zones, a skipped hour), which reminder is due, the
 * signed link's refusals, and the STOP/START words.
 */

const iso = (d: Date) => d.toISOString();

describe("reminderDueAt", () => {
  it.each([
    // zone, appointment (UTC), hours before, due (UTC), real hours between
    ["Europe/Paris", "2027-03-28T08:00:00Z", 24, "2027-03-27T09:00:00Z", 23], // Sun 10:00 CEST ← Sat 10:00 CET
    ["Europe/Paris", "2027-10-31T09:00:00Z", 24, "2027-10-30T08:00:00Z", 25], // Sun 10:00 CET ← Sat 10:00 CEST
    ["America/Toronto", "2027-03-14T14:00:00Z", 24, "2027-03-13T15:00:00Z", 23],
    ["America/Toronto", "2027-11-07T15:00:00Z", 24, "2027-11-06T14:00:00Z", 25],
    ["Africa/Algiers", "2027-03-28T09:00:00Z", 24, "2027-03-27T09:00:00Z", 24],
    ["Africa/Algiers", "2027-03-29T10:00:00Z", 2, "2027-03-29T08:00:00Z", 2],
    ["Europe/Paris", "2027-03-29T07:00:00Z", 48, "2027-03-27T08:00:00Z", 47],
    // 2 h before Sun 04:30 CEST is 02:30, which does not exist that night: moved on by the gap, to 03:30 CEST.
    ["Europe/Paris", "2027-03-28T02:30:00Z", 2, "2027-03-28T01:30:00Z", 1],
  ])("%s: %s minus %i h is due at %s (%f real hours)", (zone, start, hours, due, real) => {
    const at = reminderDueAt(new Date(start), hours, zone);
    expect(iso(at)).toBe(new Date(due).toISOString());
    expect((new Date(start).getTime() - at.getTime()) / 3_600_000).toBe(real);
  });
});

describe("dueReminder", () => {
  const settings = reminderSettingsOf({});
  const start = new Date("2027-05-10T10:00:00Z");
  const booked = new Date("2027-05-01T10:00:00Z");
  const zone = "Africa/Algiers";

  it("gives nothing before the first, the first, then only the second", () => {
    expect(dueReminder(settings, start, booked, new Date("2027-05-09T09:59:59Z"), zone)).toBeNull();
    expect(dueReminder(settings, start, booked, new Date("2027-05-09T10:00:00Z"), zone)?.kind).toBe("reminder_first");
    expect(dueReminder(settings, start, booked, new Date("2027-05-10T08:00:00Z"), zone)?.kind).toBe("reminder_second");
  });

  it("skips a reminder that fell due before the booking or move was confirmed, and one turned off", () => {
    expect(dueReminder(settings, start, new Date("2027-05-09T12:00:00Z"), new Date("2027-05-09T12:00:01Z"), zone)).toBeNull();
    const off = reminderSettingsOf({ reminders: { first: { enabled: false, hoursBefore: 24 }, second: { enabled: false, hoursBefore: 2 } } });
    expect(dueReminder(off, start, booked, new Date("2027-05-10T09:00:00Z"), zone)).toBeNull();
  });

  it("reads broken stored settings as the defaults, and refuses bad console input naming the field", () => {
    expect(reminderSettingsOf({ reminders: { first: { hoursBefore: "soon" }, second: 7 } })).toEqual({
      first: { enabled: true, hoursBefore: 24 },
      second: { enabled: true, hoursBefore: 2 },
    });
    const bad = reminderSettingsInput.safeParse({ firstEnabled: true, firstHoursBefore: "2", secondEnabled: true, secondHoursBefore: "3" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["secondHoursBefore"]);
    expect(reminderSettingsInput.safeParse({ firstEnabled: true, firstHoursBefore: "200", secondEnabled: true, secondHoursBefore: "2" }).error?.issues[0]?.path).toEqual(["firstHoursBefore"]);
  });
});

describe("appointment links", () => {
  const claims = { tenantId: "0b7e7c1e-8f1a-4c55-9d59-6c0e2f3a1b2c", appointmentId: "5f0c6a34-1d2e-4b7a-8c9d-0e1f2a3b4c5d", expiresAt: new Date("2027-05-10T10:00:00Z") };
  const before = new Date("2027-05-01T00:00:00Z");
  const previous = process.env.AUTH_SECRET;
  afterEach(() => {
    if (previous === undefined) delete process.env.AUTH_SECRET;
    else process.env.AUTH_SECRET = previous;
  });

  it("round-trips, expires at the appointment, and refuses any change", () => {
    const token = signAppointmentLink(claims);
    expect(verifyAppointmentLink(token, before)).toEqual({ ok: true, claims });
    expect(verifyAppointmentLink(token, claims.expiresAt)).toEqual({ ok: false, reason: "expired" });
    const [payload, signature] = token.split(".") as [string, string];
    const later = Buffer.from(JSON.stringify({ t: claims.tenantId, a: claims.appointmentId, e: 4_000_000_000 })).toString("base64url");
    for (const bad of [`${later}.${signature}`, `${payload}.${signature.slice(1)}A`, `${payload}.${signature}=`, `${payload}`, "", `${payload}.${payload}`]) {
      expect(verifyAppointmentLink(bad, before), bad).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("dies with the secret it was signed under", () => {
    process.env.AUTH_SECRET = "first secret, long enough to be a real one";
    const token = signAppointmentLink(claims);
    process.env.AUTH_SECRET = "second secret, long enough to be a real one";
    expect(verifyAppointmentLink(token, before)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("STOP and START", () => {
  it.each([
    ["STOP", "stop"],
    ["stop.", "stop"],
    ["Arrêt", "stop"],
    ["ARRET", "stop"],
    ["unsubscribe", "stop"],
    [" Start ", "start"],
    ["stop please call me", null],
    ["ANNULER", null],
    ["je veux arrêter le rendez-vous", null],
  ])("%j is %s", (text, keyword) => {
    expect(optKeyword(text)).toBe(keyword);
  });
});
