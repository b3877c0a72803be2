import "server-only";
import http from "node:http";
import https from "node:https";
import { vetModelEndpoint, type LookupAll, type VettedEndpoint } from "@/lib/agent/model-endpoint-guard";
import { CalendarUnavailableError } from "./calendar-types";

/*
 * Every CalDAV request is made with the tenant's password to an address a
 * tenant typed, or one the server named in a reply (discovery hrefs, the
 * calendar URL stored from them, well-known redirects). So each request URL
 * is vetted on its own, at the time of the request, the socket connects to
 * exactly the address vetted (a second DNS answer, i.e. rebinding, is never
 * asked for), redirects are never followed (they would carry the password
 * to an address nobody vetted) and a reply is read up to a bound.
 */

/** Tests and a self-hosted CalDAV server on the private network set CALENDAR_ALLOW_PRIVATE_HOSTS=1. */
export function calendarPrivateHostsAllowed(): boolean {
  return process.env.CALENDAR_ALLOW_PRIVATE_HOSTS === "1";
}

/** More than any calendar's answer for the windows we ask; a hostile server cannot fill the memory. */
export const CALDAV_MAX_RESPONSE_BYTES = 10_000_000;

/** True when the URL carries a user or password, in any spelling the URL parser accepts (`https:u:p@host` too). */
export function urlHasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return /@/.test(url);
  }
}

type Vetted = { ok: true; endpoint: VettedEndpoint } | { ok: false; message: string };

async function vet(url: string, lookup?: LookupAll): Promise<Vetted> {
  const vetted = await vetModelEndpoint(url, { allowPrivateHosts: calendarPrivateHostsAllowed(), lookup });
  if (vetted.ok) return vetted;
  if (vetted.reason === "insecure_scheme") return { ok: false, message: "Use an https address: the app password would travel in clear over http" };
  if (vetted.reason === "blocked_address") return { ok: false, message: "This address is on a private or local network; the calendar server must be reachable on the internet" };
  if (vetted.reason === "unresolvable_host") return { ok: false, message: "This host name does not resolve" };
  return { ok: false, message: "Enter an https URL of the CalDAV server or calendar" };
}

/** A CalDAV URL must be https on a public address: the server fetches it with the tenant's password. */
export async function vetCaldavUrl(url: string): Promise<string | null> {
  const vetted = await vet(url);
  return vetted.ok ? null : vetted.message;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

function toResponse(status: number, statusText: string, rawHeaders: string[], body: Buffer): Response {
  if (status < 200 || status > 599) throw new CalendarUnavailableError(`CalDAV server answered HTTP ${status}`);
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    try {
      headers.append(rawHeaders[i]!, rawHeaders[i + 1]!);
    } catch {
      // A header fetch would not accept either: dropped.
    }
  }
  const payload = NULL_BODY.has(status) ? null : new Uint8Array(body);
  try {
    return new Response(payload, { status, statusText, headers });
  } catch {
    return new Response(payload, { status, headers });
  }
}

/** One request to the vetted address only, answered as fetch would with redirect: "manual". */
function send(endpoint: VettedEndpoint, method: string, headers: Headers, body: Buffer, signal: AbortSignal, maxBytes: number): Promise<Response> {
  const client = endpoint.url.protocol === "https:" ? https : http;
  const outgoing: Record<string, string> = Object.fromEntries(headers.entries());
  if (body.length) outgoing["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const request = client.request(
      endpoint.url,
      {
        method,
        headers: outgoing,
        signal,
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) {
            (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: endpoint.address, family: endpoint.family }]);
          } else {
            callback(null, endpoint.address, endpoint.family);
          }
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(new CalendarUnavailableError("CalDAV server answered more than allowed"));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => {
          try {
            resolve(toResponse(response.statusCode ?? 0, response.statusMessage ?? "", response.rawHeaders, Buffer.concat(chunks)));
          } catch (error) {
            reject(error);
          }
        });
        response.on("error", reject);
        response.on("aborted", () => reject(signal.reason ?? new CalendarUnavailableError("CalDAV server closed the connection")));
      },
    );
    request.on("error", (error) => reject(signal.aborted ? (signal.reason ?? error) : error));
    request.end(body.length ? body : undefined);
  });
}

/** fetch for tsdav and the adapter; `lookup` is for tests (the system resolver otherwise). */
export function caldavFetchWith(options: { lookup?: LookupAll; maxBytes?: number } = {}): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    // Refused before anything else: fetch's own error, and the stored calendar, would quote the password.
    if (urlHasCredentials(url)) throw new CalendarUnavailableError("CalDAV address refused: it contains a user name or password");
    const vetted = await vet(url, options.lookup);
    if (!vetted.ok) throw new CalendarUnavailableError(`CalDAV address refused: ${vetted.message}`);
    const request = new Request(input, init);
    const body = Buffer.from(await request.arrayBuffer());
    return send(vetted.endpoint, request.method, request.headers, body, request.signal, options.maxBytes ?? CALDAV_MAX_RESPONSE_BYTES);
  };
}

export const caldavFetch: typeof fetch = caldavFetchWith();
