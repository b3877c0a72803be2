import "server-only";
import { calendarQuery, createDAVClient, deleteObject, getBasicAuthHeaders, propfind, updateObject, type DAVResponse } from "tsdav";
import { caldavFetch } from "./caldav-fetch";
import { CalendarUnavailableError, type BusyInterval, type CalendarAdapter, type ExternalEventState } from "./calendar-types";
import { caldavFilename } from "./event-identity";
import { busyOfIcs, eventIcs, stateOfIcs } from "./ics";

/*
 * CalDAV through tsdav (iCloud, Fastmail, Nextcloud, Radicale...). Events are
 * PUT unconditionally at a URL derived from the appointment id: creating
 * twice rewrites one object, and deleting a missing one (404) is success.
 */

export interface CaldavCredentials {
  username: string;
  password: string;
}

const TIMEOUT_MS = 4000;
const dav = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
const slash = (url: string) => (url.endsWith("/") ? url : `${url}/`);

function failure(error: unknown): CalendarUnavailableError {
  if (error instanceof CalendarUnavailableError) return error;
  // tsdav reports an HTTP error of a REPORT as "… failed: 401 Unauthorized …".
  const status = error instanceof Error ? /failed: (\d{3})\b/.exec(error.message)?.[1] : undefined;
  if (status) return refusal(Number(status));
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  const reason = error instanceof Error && error.name === "TimeoutError" ? "timed out" : cause ?? (error instanceof Error ? error.message : "failed");
  return new CalendarUnavailableError(`CalDAV server unreachable (${reason})`);
}

function refusal(status: number): CalendarUnavailableError {
  const what = status === 401 || status === 403 ? "refused the user or app password" : `answered HTTP ${status}`;
  return new CalendarUnavailableError(`CalDAV server ${what}`, status);
}

/** A multistatus whose every entry failed (an HTML 401 page comes back as one such entry). */
function check(responses: DAVResponse[]): DAVResponse[] {
  const failed = responses.find((r) => !r.ok && r.status >= 400 && !r.props);
  if (failed && responses.every((r) => !r.ok)) throw refusal(failed.status);
  return responses;
}

const calendarData = (r: DAVResponse): string | null => {
  const raw = r.props?.calendarData as unknown;
  if (typeof raw === "string") return raw;
  const cdata = (raw as { _cdata?: string } | undefined)?._cdata;
  return typeof cdata === "string" ? cdata : null;
};

export function caldavAdapter(calendarUrl: string, credentials: CaldavCredentials, timeZone: string): CalendarAdapter {
  const collection = slash(calendarUrl);
  const headers = getBasicAuthHeaders(credentials);
  const options = () => ({ headers, fetchOptions: { signal: AbortSignal.timeout(TIMEOUT_MS) }, fetch: caldavFetch });
  const objectUrl = (appointmentId: string) => new URL(caldavFilename(appointmentId), collection).href;

  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw failure(error);
    }
  }

  return {
    provider: "caldav",

    freeBusy: (from, to) =>
      guarded(async () => {
        const responses = check(
          await calendarQuery({
            url: collection,
            props: { "d:getetag": {}, "c:calendar-data": {} },
            filters: { "comp-filter": { _attributes: { name: "VCALENDAR" }, "comp-filter": { _attributes: { name: "VEVENT" }, "time-range": { _attributes: { start: dav(from), end: dav(to) } } } } },
            depth: "1",
            ...options(),
          }),
        );
        const busy: BusyInterval[] = [];
        for (const r of responses) {
          const data = calendarData(r);
          if (!data) continue;
          const parsed = busyOfIcs(data, from, to, timeZone);
          // Our own events stand for appointments, which block their time already.
          if (parsed.uid?.endsWith("@frontdesk")) continue;
          busy.push(...parsed.busy);
        }
        return busy;
      }),

    putEvent: (event) =>
      guarded(async () => {
        const url = objectUrl(event.appointmentId);
        const res = await updateObject({ url, data: eventIcs(event, new Date()), headers: { ...headers, "content-type": "text/calendar; charset=utf-8" }, fetchOptions: options().fetchOptions, fetch: caldavFetch });
        if (!res.ok) throw refusal(res.status);
        return { externalId: url, etag: res.headers.get("etag") };
      }),

    deleteEvent: (appointmentId) =>
      guarded(async () => {
        const res = await deleteObject({ url: objectUrl(appointmentId), ...options() });
        if (!res.ok && res.status !== 404 && res.status !== 410) throw refusal(res.status);
      }),

    readEvents: (appointmentIds) =>
      guarded(async () => {
        // One GET per event: exact, and a missing object is a plain 404 (a multiget fails as a whole on some servers).
        const result = new Map<string, ExternalEventState | null>();
        for (const id of appointmentIds) {
          const res = await caldavFetch(objectUrl(id), { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
          const body = await res.text();
          if (res.status === 404 || res.status === 410) result.set(id, null);
          else if (!res.ok) throw refusal(res.status);
          else result.set(id, stateOfIcs(body, timeZone));
        }
        return result;
      }),
  };
}

/**
 * The calendar collection behind what the owner typed: the URL itself when
 * it is a calendar, else the first calendar of the account found from it.
 */
export async function discoverCaldavCalendar(url: string, credentials: CaldavCredentials): Promise<string> {
  const headers = getBasicAuthHeaders(credentials);
  try {
    const own = check(await propfind({ url: slash(url), props: { "d:resourcetype": {} }, depth: "0", headers, fetchOptions: { signal: AbortSignal.timeout(TIMEOUT_MS) }, fetch: caldavFetch }));
    if (own.some((r) => r.ok && Object.keys(r.props?.resourcetype ?? {}).includes("calendar"))) return slash(url);
    const client = await createDAVClient({ serverUrl: url, credentials, authMethod: "Basic", defaultAccountType: "caldav", fetchOptions: { signal: AbortSignal.timeout(TIMEOUT_MS) }, fetch: caldavFetch });
    const calendars = await client.fetchCalendars();
    const first = calendars[0];
    if (!first) throw new CalendarUnavailableError("No calendar found at this address for this user");
    return slash(first.url);
  } catch (error) {
    throw failure(error);
  }
}

