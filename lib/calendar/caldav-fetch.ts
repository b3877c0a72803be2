import "server-only";
import { vetModelEndpoint } from "@/lib/agent/model-endpoint-guard";
import { CalendarUnavailableError } from "./calendar-types";

/*
 * Every CalDAV request is made with the tenant's password to an address a
 * tenant typed, or one the server named in a reply (discovery hrefs, the
 * calendar URL stored from them, well-known redirects). So each request URL
 * is vetted on its own, at the time of the request, and redirects are never
 * followed: they would carry the password to an address nobody vetted.
 */

/** Tests and a self-hosted CalDAV server on the private network set CALENDAR_ALLOW_PRIVATE_HOSTS=1. */
export function calendarPrivateHostsAllowed(): boolean {
  return process.env.CALENDAR_ALLOW_PRIVATE_HOSTS === "1";
}

/** A CalDAV URL must be https on a public address: the server fetches it with the tenant's password. */
export async function vetCaldavUrl(url: string): Promise<string | null> {
  const vetted = await vetModelEndpoint(url, { allowPrivateHosts: calendarPrivateHostsAllowed() });
  if (vetted.ok) return null;
  if (vetted.reason === "insecure_scheme") return "Use an https address: the app password would travel in clear over http";
  if (vetted.reason === "blocked_address") return "This address is on a private or local network; the calendar server must be reachable on the internet";
  if (vetted.reason === "unresolvable_host") return "This host name does not resolve";
  return "Enter an https URL of the CalDAV server or calendar";
}

/** fetch for tsdav and the adapter: the URL vetted first, redirects answered as they are (3xx, not ok). */
export const caldavFetch: typeof fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  // A URL carrying a password is refused before fetch, whose error would quote it.
  if (/^[a-z]+:\/\/[^/?#]*@/i.test(url)) throw new CalendarUnavailableError("CalDAV address refused: it contains a user name or password");
  const refused = await vetCaldavUrl(url);
  if (refused) throw new CalendarUnavailableError(`CalDAV address refused: ${refused}`);
  return fetch(input, { ...init, redirect: "manual" });
};
