import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleAdapter } from "@/lib/calendar/google-adapter";
import { parseServiceAccount } from "@/lib/calendar/connection-input";
import { CalendarUnavailableError } from "@/lib/calendar/calendar-types";
import { googleEventId } from "@/lib/calendar/event-identity";
import { startGoogleStandIn, type GoogleStandIn } from "../support/google-calendar-standin";

/*
 * The Google adapter through the real googleapis client and
 * google-auth-library (service-account JWT exchanged for a token) against
 * the local stand-in, which checks signatures, tokens and body shapes.
 */

let google: GoogleStandIn;
const APPOINTMENT = "0b7a5c3e-1d2f-4a6b-9c8d-7e6f5a4b3c2d";

beforeAll(async () => {
  google = await startGoogleStandIn();
  process.env.GOOGLE_API_BASE_URL = google.apiRoot;
  process.env.GOOGLE_OAUTH_TOKEN_URL = google.tokenUrl;
});
afterAll(async () => {
  delete process.env.GOOGLE_API_BASE_URL;
  delete process.env.GOOGLE_OAUTH_TOKEN_URL;
  await google?.close();
});

const adapter = () => googleAdapter(google.calendarId, parseServiceAccount(google.serviceAccountJson));

describe("Google adapter (googleapis against the stand-in)", () => {
  it("exchanges the service account's signed JWT for a token and queries free/busy with it", async () => {
    google.addExternalEvent("2030-03-04T09:00:00Z", "2030-03-04T10:00:00Z");
    const busy = await adapter().freeBusy(new Date("2030-03-04T00:00:00Z"), new Date("2030-03-05T00:00:00Z"));
    expect(busy).toEqual([{ start: new Date("2030-03-04T09:00:00Z"), end: new Date("2030-03-04T10:00:00Z") }]);
    const token = google.calls.find((c) => c.path === "/token");
    expect(token?.status).toBe(200);
    const query = google.calls.find((c) => c.path === "/calendar/v3/freeBusy")!;
    expect(query.authorized).toBe(true);
    expect(query.body).toEqual({ timeMin: "2030-03-04T00:00:00.000Z", timeMax: "2030-03-05T00:00:00.000Z", items: [{ id: google.calendarId }] });
  });

  it("inserts one event with an id derived from the appointment; a second write patches it; delete twice is fine", async () => {
    const body = { appointmentId: APPOINTMENT, start: new Date("2030-03-05T09:00:00Z"), end: new Date("2030-03-05T09:30:00Z"), summary: "Ada – Cut", description: "https://x.test/appointments" };
    const first = await adapter().putEvent(body);
    expect(first.externalId).toBe(googleEventId(APPOINTMENT));
    await adapter().putEvent({ ...body, start: new Date("2030-03-05T11:00:00Z"), end: new Date("2030-03-05T11:30:00Z") });
    const ours = [...google.events.values()].filter((e) => !e.external);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ id: googleEventId(APPOINTMENT), summary: "Ada – Cut", start: { dateTime: "2030-03-05T11:00:00.000Z" }, status: "confirmed" });
    const insert = google.calls.find((c) => c.method === "POST" && c.path.endsWith("/events"))!;
    expect(insert.body).toMatchObject({ id: googleEventId(APPOINTMENT), summary: "Ada – Cut", description: "https://x.test/appointments", start: { dateTime: "2030-03-05T09:00:00.000Z" } });
    expect(google.calls.some((c) => c.method === "PATCH" && c.status === 200)).toBe(true);
    expect((await adapter().readEvents([APPOINTMENT])).get(APPOINTMENT)).toEqual({ start: new Date("2030-03-05T11:00:00Z"), end: new Date("2030-03-05T11:30:00Z") });
    await adapter().deleteEvent(APPOINTMENT);
    await adapter().deleteEvent(APPOINTMENT);
    expect((await adapter().readEvents([APPOINTMENT])).get(APPOINTMENT)).toBeNull();
    // Booked again after a delete: the id exists (cancelled), so the insert's 409 becomes a patch that restores it.
    await adapter().putEvent(body);
    expect(google.events.get(googleEventId(APPOINTMENT))?.status).toBe("confirmed");
  });

  it("turns an outage and a refused key into CalendarUnavailableError", async () => {
    google.faults.push(503);
    const down = await adapter().freeBusy(new Date("2030-03-04T00:00:00Z"), new Date("2030-03-05T00:00:00Z")).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(CalendarUnavailableError);
    expect((down as Error).message).toContain("503");
    const other = parseServiceAccount(JSON.stringify({ ...JSON.parse(google.serviceAccountJson), client_email: "someone@else.iam.gserviceaccount.com" }));
    const refused = await googleAdapter(google.calendarId, other).freeBusy(new Date(), new Date(Date.now() + 1000)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CalendarUnavailableError);
  });
});
