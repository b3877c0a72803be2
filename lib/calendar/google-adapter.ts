import "server-only";
// The calendar API of the googleapis package alone: its root index loads every Google API (seconds of startup).
import { calendar, type calendar_v3 } from "googleapis/build/src/apis/calendar";
import { JWT, OAuth2Client } from "google-auth-library";
import { CalendarUnavailableError, type CalendarAdapter, type ExternalEventState } from "./calendar-types";
import { googleEventId } from "./event-identity";

/*
 * Google Calendar through the `googleapis` client: a service account the
 * calendar is shared with, or an OAuth refresh token when the Google app is
 * configured. Event ids are chosen by us (derived from the appointment), so
 * an insert that already happened answers 409 and becomes a patch.
 */

export type GoogleCredentials =
  | { kind: "service_account"; clientEmail: string; privateKey: string }
  | { kind: "oauth"; refreshToken: string };

const SCOPES = ["https://www.googleapis.com/auth/calendar"];
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const TIMEOUT_MS = 4000;

/** Tests point the client at a local stand-in; production leaves both unset. */
function endpoints() {
  return { rootUrl: process.env.GOOGLE_API_BASE_URL || undefined, tokenUrl: process.env.GOOGLE_OAUTH_TOKEN_URL || undefined };
}

function authClient(credentials: GoogleCredentials): OAuth2Client {
  const { tokenUrl } = endpoints();
  if (credentials.kind === "oauth") {
    // The app that obtained the refresh token (lib/calendar/google-oauth.ts); Google sign-in's app is another.
    const client = new OAuth2Client({
      clientId: process.env.GOOGLE_OAUTH_CLIENT_ID,
      clientSecret: process.env.GOOGLE_OAUTH_CLIENT_SECRET,
      ...(tokenUrl ? { endpoints: { oauth2TokenUrl: tokenUrl } } : {}),
    });
    client.setCredentials({ refresh_token: credentials.refreshToken });
    return client;
  }
  const jwt = new JWT({ email: credentials.clientEmail, key: credentials.privateKey, scopes: SCOPES });
  if (tokenUrl) {
    // The service-account token exchange has a fixed URL in google-auth-library.
    jwt.transporter.interceptors.request.add({
      resolved: async (config) => (String(config.url) === GOOGLE_TOKEN_URL ? { ...config, url: new URL(tokenUrl) } : config),
    });
  }
  return jwt;
}

const statusOf = (error: unknown): number | undefined =>
  (error as { status?: number })?.status ?? (error as { response?: { status?: number } })?.response?.status;

function failure(error: unknown): CalendarUnavailableError {
  if (error instanceof CalendarUnavailableError) return error;
  const status = statusOf(error);
  if (status === 401 || status === 403) return new CalendarUnavailableError("Google refused the credentials, or the calendar is not shared with them", status);
  if (status === 404) return new CalendarUnavailableError("Google Calendar: calendar not found (check the calendar id)", status);
  if (status) return new CalendarUnavailableError(`Google Calendar answered HTTP ${status}`, status);
  const code = (error as { code?: string })?.code;
  return new CalendarUnavailableError(`Google Calendar unreachable (${code ?? "network error"})`);
}

const instant = (t: calendar_v3.Schema$EventDateTime | undefined): Date | null =>
  t?.dateTime ? new Date(t.dateTime) : t?.date ? new Date(`${t.date}T00:00:00Z`) : null;

export function googleAdapter(calendarId: string, credentials: GoogleCredentials): CalendarAdapter & { api: calendar_v3.Calendar } {
  const api = calendar({ version: "v3", auth: authClient(credentials), rootUrl: endpoints().rootUrl, timeout: TIMEOUT_MS, retry: false });

  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw failure(error);
    }
  }

  return {
    provider: "google",
    api,

    freeBusy: (from, to) =>
      guarded(async () => {
        const { data } = await api.freebusy.query({ requestBody: { timeMin: from.toISOString(), timeMax: to.toISOString(), items: [{ id: calendarId }] } });
        const entry = data.calendars?.[calendarId];
        if (entry?.errors?.length) throw new CalendarUnavailableError(`Google Calendar free/busy: ${entry.errors.map((e) => e.reason).join(", ")}`);
        return (entry?.busy ?? []).filter((b) => b.start && b.end).map((b) => ({ start: new Date(b.start!), end: new Date(b.end!) }));
      }),

    putEvent: (event) =>
      guarded(async () => {
        const id = googleEventId(event.appointmentId);
        const body: calendar_v3.Schema$Event = {
          summary: event.summary,
          description: event.description,
          start: { dateTime: event.start.toISOString() },
          end: { dateTime: event.end.toISOString() },
          status: "confirmed",
          transparency: "opaque",
        };
        try {
          const { data } = await api.events.insert({ calendarId, requestBody: { id, ...body } });
          return { externalId: id, etag: data.etag ?? null };
        } catch (error) {
          // 409: this id exists (our earlier insert, or an event deleted since, which a patch restores).
          if (statusOf(error) !== 409) throw error;
          const { data } = await api.events.patch({ calendarId, eventId: id, requestBody: body });
          return { externalId: id, etag: data.etag ?? null };
        }
      }),

    deleteEvent: (appointmentId) =>
      guarded(async () => {
        try {
          await api.events.delete({ calendarId, eventId: googleEventId(appointmentId) });
        } catch (error) {
          const status = statusOf(error);
          if (status !== 404 && status !== 410) throw error;
        }
      }),

    readEvents: (appointmentIds) =>
      guarded(async () => {
        const result = new Map<string, ExternalEventState | null>();
        for (const appointmentId of appointmentIds) {
          try {
            const { data } = await api.events.get({ calendarId, eventId: googleEventId(appointmentId) });
            const start = instant(data.start);
            const end = instant(data.end);
            result.set(appointmentId, data.status === "cancelled" || !start || !end ? null : { start, end });
          } catch (error) {
            const status = statusOf(error);
            if (status !== 404 && status !== 410) throw error;
            result.set(appointmentId, null);
          }
        }
        return result;
      }),
  };
}

export type GoogleAdapter = ReturnType<typeof googleAdapter>;

/** Opens a push channel on the calendar's events; Google then POSTs to `address` with `token` on every change. */
export async function watchGoogleCalendar(
  adapter: { api: calendar_v3.Calendar },
  calendarId: string,
  channel: { id: string; token: string; address: string },
): Promise<{ resourceId: string | null; expiresAt: Date | null }> {
  try {
    const { data } = await adapter.api.events.watch({ calendarId, requestBody: { id: channel.id, type: "web_hook", address: channel.address, token: channel.token } });
    return { resourceId: data.resourceId ?? null, expiresAt: data.expiration ? new Date(Number(data.expiration)) : null };
  } catch (error) {
    throw failure(error);
  }
}

export async function stopGoogleChannel(adapter: { api: calendar_v3.Calendar }, channelId: string, resourceId: string): Promise<void> {
  await adapter.api.channels.stop({ requestBody: { id: channelId, resourceId } }).catch(() => undefined);
}

export interface GoogleCalendarEntry {
  id: string;
  summary: string;
  primary: boolean;
}

/** The calendars the account may write to, primary first. */
export async function listGoogleCalendars(adapter: { api: calendar_v3.Calendar }): Promise<GoogleCalendarEntry[]> {
  try {
    const { data } = await adapter.api.calendarList.list({ minAccessRole: "writer", maxResults: 250 });
    return (data.items ?? [])
      .filter((c): c is calendar_v3.Schema$CalendarListEntry & { id: string } => !!c.id)
      .map((c) => ({ id: c.id, summary: c.summaryOverride ?? c.summary ?? c.id, primary: c.primary === true }))
      .sort((a, b) => Number(b.primary) - Number(a.primary));
  } catch (error) {
    throw failure(error);
  }
}
