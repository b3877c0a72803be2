import { createHash, createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/*
 * Google's OAuth endpoints (a consent screen that answers at once, and the
 * token endpoint's service-account, authorization-code with PKCE and
 * refresh-token grants) and the Calendar v3 endpoints Frontdesk uses,
 * at the network edge, for the real `googleapis` client pointed here
 * (GOOGLE_API_BASE_URL, GOOGLE_OAUTH_TOKEN_URL). The token endpoint checks
 * the service account's signed JWT (RS256, issuer, audience, scope) against
 * the key it issued; every Calendar call must carry a token it issued.
 * Event ids follow Google's rules (base32hex, 5–1024), inserting an existing
 * id (even a deleted one) is 409, and deleting sets status "cancelled".
 */

export interface StoredEvent {
  id: string;
  status: "confirmed" | "cancelled";
  summary?: string;
  description?: string;
  start: { dateTime: string };
  end: { dateTime: string };
  transparency?: string;
  etag: string;
  external: boolean;
}

export interface RecordedCall {
  method: string;
  path: string;
  authorized: boolean;
  body: unknown;
  status: number;
}

export interface GoogleStandIn {
  url: string;
  apiRoot: string;
  tokenUrl: string;
  serviceAccountJson: string;
  clientEmail: string;
  calendarId: string;
  calls: RecordedCall[];
  events: Map<string, StoredEvent>;
  /** The next calls answer this status instead (503 for an outage). */
  faults: number[];
  /** The Google app (OAuth client) this stand-in knows, and its consent screen. */
  oauth: { clientId: string; clientSecret: string; authUrl: string; accountEmail: string; refreshTokens: Set<string>; denyNext: boolean };
  addExternalEvent(start: string, end: string): void;
  close(): Promise<void>;
}

const GOOGLE_TOKEN_AUD = "https://oauth2.googleapis.com/token";
const EVENT_ID = /^[a-v0-9]{5,1024}$/;

function b64json(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  offline: boolean;
}

export async function startGoogleStandIn(options: { calendarId?: string } = {}): Promise<GoogleStandIn> {
  const oauth = { clientId: "frontdesk-app.apps.googleusercontent.test", clientSecret: `GOCSPX-${randomBytes(8).toString("hex")}`, authUrl: "", accountEmail: "owner@maple.test", refreshTokens: new Set<string>(), denyNext: false };
  const codes = new Map<string, IssuedCode>();
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const clientEmail = "frontdesk-sync@test-project.iam.gserviceaccount.com";
  const calendarId = options.calendarId ?? "salon@group.calendar.google.com";
  const tokens = new Set<string>();
  const calls: RecordedCall[] = [];
  const events = new Map<string, StoredEvent>();
  const faults: number[] = [];
  let etag = 1;

  const verifyAssertion = (assertion: string): string | null => {
    const [header, payload, signature] = assertion.split(".");
    if (!header || !payload || !signature) return "malformed assertion";
    const verifier = createVerify("RSA-SHA256");
    verifier.update(`${header}.${payload}`);
    if (!verifier.verify(publicKey, Buffer.from(signature, "base64url"))) return "bad signature";
    const claims = b64json(payload);
    if (b64json(header).alg !== "RS256") return "alg";
    if (claims.iss !== clientEmail) return "issuer";
    if (claims.aud !== GOOGLE_TOKEN_AUD) return "audience";
    if (!String(claims.scope ?? "").split(" ").includes("https://www.googleapis.com/auth/calendar")) return "scope";
    return null;
  };

  const busyOf = (timeMin: string, timeMax: string) =>
    [...events.values()]
      .filter((e) => e.status !== "cancelled" && e.transparency !== "transparent" && e.start.dateTime < timeMax && e.end.dateTime > timeMin)
      .map((e) => ({ start: new Date(e.start.dateTime).toISOString(), end: new Date(e.end.dateTime).toISOString() }))
      .sort((a, b) => a.start.localeCompare(b.start));

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      try {
        handle();
      } catch (error) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: 500, message: String(error) } }));
      }
    });
    const handle = () => {
      const url = new URL(req.url ?? "/", "http://x");
      const method = req.method ?? "GET";
      const send = (status: number, body?: unknown) => {
        calls.push({ method, path: url.pathname, authorized, body: parsed, status });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      let parsed: unknown = null;
      const authorized = tokens.has((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      if (method === "GET" && url.pathname === "/o/oauth2/auth") {
        // The consent screen, answered at once: approve (a code bound to the client, redirect URI and PKCE challenge) or deny.
        const q = url.searchParams;
        const redirectUri = q.get("redirect_uri") ?? "";
        if (q.get("client_id") !== oauth.clientId || q.get("response_type") !== "code" || !redirectUri) return send(400, { error: "invalid_request" });
        if (!(q.get("scope") ?? "").split(" ").includes("https://www.googleapis.com/auth/calendar")) return send(400, { error: "invalid_scope" });
        if (q.get("code_challenge_method") !== "S256" || !q.get("code_challenge")) return send(400, { error: "invalid_request", error_description: "PKCE S256 required here" });
        const back = new URL(redirectUri);
        if (q.get("state")) back.searchParams.set("state", q.get("state")!);
        if (oauth.denyNext) {
          oauth.denyNext = false;
          back.searchParams.set("error", "access_denied");
        } else {
          const code = `4/${randomBytes(16).toString("hex")}`;
          codes.set(code, { clientId: oauth.clientId, redirectUri, challenge: q.get("code_challenge")!, offline: q.get("access_type") === "offline" && q.get("prompt") === "consent" });
          back.searchParams.set("code", code);
        }
        calls.push({ method, path: url.pathname, authorized: false, body: null, status: 302 });
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (url.pathname === "/token") {
        const form = new URLSearchParams(raw);
        parsed = Object.fromEntries(form);
        const grant = form.get("grant_type");
        if (grant === "authorization_code" || grant === "refresh_token") {
          const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
          const [id, secret] = basic ? Buffer.from(basic, "base64").toString().split(":") : [form.get("client_id"), form.get("client_secret")];
          if (id !== oauth.clientId || secret !== oauth.clientSecret) return send(401, { error: "invalid_client" });
          const token = `ya29.oauth.${randomBytes(12).toString("hex")}`;
          if (grant === "refresh_token") {
            if (!oauth.refreshTokens.has(form.get("refresh_token") ?? "")) return send(400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
            tokens.add(token);
            return send(200, { access_token: token, expires_in: 3599, token_type: "Bearer", scope: "https://www.googleapis.com/auth/calendar" });
          }
          const issued = codes.get(form.get("code") ?? "");
          codes.delete(form.get("code") ?? "");
          const verifier = form.get("code_verifier") ?? "";
          if (!issued || issued.clientId !== id || issued.redirectUri !== form.get("redirect_uri")) return send(400, { error: "invalid_grant", error_description: "Bad Request" });
          if (createHash("sha256").update(verifier).digest("base64url") !== issued.challenge) return send(400, { error: "invalid_grant", error_description: "Invalid code verifier." });
          tokens.add(token);
          const refresh = issued.offline ? `1//${randomBytes(16).toString("hex")}` : undefined;
          if (refresh) oauth.refreshTokens.add(refresh);
          return send(200, { access_token: token, expires_in: 3599, token_type: "Bearer", scope: "https://www.googleapis.com/auth/calendar", ...(refresh ? { refresh_token: refresh } : {}) });
        }
        if (grant !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return send(400, { error: "unsupported_grant_type" });
        const problem = verifyAssertion(form.get("assertion") ?? "");
        if (problem) return send(400, { error: "invalid_grant", error_description: problem });
        const token = `ya29.${randomBytes(12).toString("hex")}`;
        tokens.add(token);
        return send(200, { access_token: token, expires_in: 3600, token_type: "Bearer" });
      }
      try {
        parsed = raw ? JSON.parse(raw) : null;
      } catch {
        return send(400, { error: { code: 400, message: "Parse Error" } });
      }
      if (!authorized) return send(401, { error: { code: 401, message: "Request had invalid authentication credentials." } });
      const fault = faults.shift();
      if (fault) return send(fault, { error: { code: fault, message: "Backend Error" } });
      const body = (parsed ?? {}) as Record<string, unknown>;
      if (method === "POST" && url.pathname === "/calendar/v3/freeBusy") {
        const items = body.items as Array<{ id: string }> | undefined;
        if (typeof body.timeMin !== "string" || typeof body.timeMax !== "string" || !items?.length) return send(400, { error: { code: 400, message: "Missing timeMin, timeMax or items" } });
        const calendars = Object.fromEntries(items.map((i) => [i.id, i.id === calendarId ? { busy: busyOf(body.timeMin as string, body.timeMax as string) } : { errors: [{ domain: "global", reason: "notFound" }] }]));
        return send(200, { kind: "calendar#freeBusy", timeMin: body.timeMin, timeMax: body.timeMax, calendars });
      }
      if (method === "POST" && url.pathname === "/calendar/v3/channels/stop") return send(204);
      if (method === "GET" && url.pathname === "/calendar/v3/users/me/calendarList") {
        return send(200, { kind: "calendar#calendarList", items: [{ id: calendarId, summary: "Maple Dental", primary: calendarId === oauth.accountEmail, accessRole: "owner" }] });
      }
      const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
      if (!m || decodeURIComponent(m[1]!) !== calendarId) return send(404, { error: { code: 404, message: "Not Found" } });
      const id = m[2] ? decodeURIComponent(m[2]) : null;
      if (method === "POST" && id === "watch") {
        if (body.type !== "web_hook" || typeof body.address !== "string" || typeof body.id !== "string") return send(400, { error: { code: 400, message: "Invalid channel" } });
        return send(200, { kind: "api#channel", id: body.id, resourceId: "res-1", resourceUri: url.pathname, token: body.token, expiration: String(Date.now() + 7 * 86_400_000) });
      }
      if (method === "POST" && !id) {
        const eventId = String(body.id ?? "");
        if (!EVENT_ID.test(eventId)) return send(400, { error: { code: 400, message: "Invalid resource id value." } });
        if (events.has(eventId)) return send(409, { error: { code: 409, message: "The requested identifier already exists." } });
        const start = body.start as { dateTime?: string } | undefined;
        const end = body.end as { dateTime?: string } | undefined;
        if (!start?.dateTime || !end?.dateTime || typeof body.summary !== "string") return send(400, { error: { code: 400, message: "Missing start, end or summary" } });
        const event: StoredEvent = { id: eventId, status: "confirmed", summary: body.summary, description: body.description as string, start: { dateTime: start.dateTime }, end: { dateTime: end.dateTime }, transparency: body.transparency as string, etag: `"${etag++}"`, external: false };
        events.set(eventId, event);
        return send(200, event);
      }
      if (method === "GET" && !id) return send(200, { kind: "calendar#events", items: [...events.values()] });
      const event = id ? events.get(id) : undefined;
      if (!event) return send(404, { error: { code: 404, message: "Not Found" } });
      if (method === "GET") return send(200, event);
      if (method === "PATCH") {
        Object.assign(event, body, { etag: `"${etag++}"` });
        return send(200, event);
      }
      if (method === "DELETE") {
        if (event.status === "cancelled") return send(410, { error: { code: 410, message: "Resource has been deleted" } });
        event.status = "cancelled";
        return send(204);
      }
      return send(405, { error: { code: 405, message: "Method not allowed" } });
    };
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  oauth.authUrl = `${url}/o/oauth2/auth`;
  return {
    oauth,
    url,
    apiRoot: `${url}/`,
    tokenUrl: `${url}/token`,
    serviceAccountJson: JSON.stringify({
      type: "service_account",
      project_id: "test-project",
      private_key_id: "k1",
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      client_email: clientEmail,
      token_uri: "https://oauth2.googleapis.com/token",
    }),
    clientEmail,
    calendarId,
    calls,
    events,
    faults,
    addExternalEvent(start, end) {
      const id = `ext${randomBytes(6).toString("hex")}`;
      events.set(id, { id, status: "confirmed", summary: "Dentist", start: { dateTime: start }, end: { dateTime: end }, etag: `"${etag++}"`, external: true });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
