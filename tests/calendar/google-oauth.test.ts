import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";
import { startGoogleStandIn, type GoogleStandIn } from "../support/google-calendar-standin";
import type { JobRunner, ManualClock } from "@/lib/jobs";

/*
 * Connecting a resource's Google Calendar with a Google account, through the
 * real route handlers and the real googleapis / google-auth-library clients
 * against the stand-in: start on the tenant host, the consent screen, the
 * callback on the apex, the finish back on the tenant host with the starter's
 * own session, the refresh token sealed, then busy times and the write-through
 * working with it. And every way it must refuse.
 */

let roles: ConsoleRolesEnv;
let google: GoogleStandIn;
let runner: JobRunner;
let clock: ManualClock;
let maple: { id: string; resourceId: string; serviceId: string; clientId: string };
const seen: string[] = [];

beforeAll(async () => {
  roles = await setUpConsoleRoles("googleoauth", { members: ["admin", "staff"] });
  google = await startGoogleStandIn({ calendarId: "owner@maple.test" });
  Object.assign(process.env, {
    GOOGLE_API_BASE_URL: google.apiRoot,
    GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    GOOGLE_OAUTH_AUTH_URL: google.oauth.authUrl,
    GOOGLE_OAUTH_CLIENT_ID: google.oauth.clientId,
    GOOGLE_OAUTH_CLIENT_SECRET: google.oauth.clientSecret,
  });
  const admin = roles.env.admin;
  const id = roles.env.tenants["maple-dental"].id;
  const resource = await admin.query(`SELECT id FROM resources WHERE tenant_id = $1 AND is_default`, [id]);
  const service = await admin.query(`SELECT id FROM services WHERE tenant_id = $1 AND name = 'Checkup'`, [id]);
  const client = await admin.query(`INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Grace Hopper', '+14165550142', now()) RETURNING id`, [id]);
  maple = { id, resourceId: resource.rows[0].id, serviceId: service.rows[0].id, clientId: client.rows[0].id };
  const { createJobRunner, createManualClock, registeredJobs } = await import("@/lib/jobs");
  await import("@/lib/calendar/jobs");
  clock = createManualClock(new Date(Date.UTC(new Date().getUTCFullYear() + 2, 4, 20, 12)));
  runner = createJobRunner({ clock, queueUrl: roles.env.db.adminUrl, jobs: registeredJobs().filter((j) => j.name === "calendar.sync") });
  // Everything the process writes to stdout/stderr (the logger included), to check no token leaks.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      seen.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
}, 120_000);

afterAll(async () => {
  await runner?.stop();
  await google?.close();
  for (const k of ["GOOGLE_API_BASE_URL", "GOOGLE_OAUTH_TOKEN_URL", "GOOGLE_OAUTH_AUTH_URL", "GOOGLE_OAUTH_CLIENT_ID", "GOOGLE_OAUTH_CLIENT_SECRET"]) delete process.env[k];
  await roles?.env.close();
});

const responses: string[] = [];

async function start(who: Who = "owner", resourceId = maple.resourceId) {
  const { POST } = await import("@/app/api/calendar/google/oauth/start/route");
  const res = await roles.send<{ url: string }>(who, POST as unknown as Handler, "POST", { body: { resourceId } });
  responses.push(res.text);
  return res;
}

/** The browser at Google's consent screen: where Google sends it back (the apex callback). */
async function consent(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

/** Google sends the browser to the apex callback; it carries no session there (none is needed). */
async function callback(url: URL, headers: Record<string, string> = { host: "localhost:3000" }) {
  const { GET } = await import("@/app/api/calendar/google/oauth/callback/route");
  const res = await GET(new NextRequest(url, { headers }));
  responses.push(await res.clone().text(), res.headers.get("location") ?? "");
  return res;
}

/** The browser at the tenant host's finish route (where the callback sent it), with `who`'s tenant cookie or none. */
async function finish(location: string, who: Who | null) {
  const { GET } = await import("@/app/api/calendar/google/oauth/finish/route");
  const { sessionCookieName } = await import("@/lib/auth/session-token");
  const url = new URL(location);
  const headers: Record<string, string> = { host: url.host };
  if (who) headers.cookie = `${sessionCookieName()}=${roles.cookies[who]}`;
  const res = await GET(new NextRequest(url, { headers }));
  responses.push(await res.clone().text(), res.headers.get("location") ?? "");
  return res;
}

/** Both hops: the apex callback, then its redirect followed by `who`'s browser. */
async function comeBack(url: URL, who: Who | null = "owner") {
  const hop = await callback(url);
  expect(hop.status, await hop.clone().text()).toBe(303);
  return finish(hop.headers.get("location")!, who);
}

const outcome = (res: Response) => new URL(res.headers.get("location")!).searchParams.get("calendar");
const connectionCount = async () => (await roles.env.admin.query(`SELECT count(*)::int AS n FROM calendar_connections`)).rows[0].n as number;
const stateRows = async () => (await roles.env.admin.query(`SELECT count(*)::int AS n FROM calendar_oauth_states`)).rows[0].n as number;
const codeExchanges = (code: string) => google.calls.filter((c) => c.path === "/token" && (c.body as Record<string, string>).code === code).length;

it("connects with a Google account: consent, callback on the apex, refresh token sealed, back on the tenant page", async () => {
  const started = await start();
  expect(started.status, started.text).toBe(200);
  const consentUrl = new URL(started.json.url);
  expect(consentUrl.origin + consentUrl.pathname).toBe(google.oauth.authUrl);
  expect(Object.fromEntries(consentUrl.searchParams)).toMatchObject({
    client_id: google.oauth.clientId,
    redirect_uri: "http://localhost:3000/api/calendar/google/oauth/callback",
    access_type: "offline",
    prompt: "consent",
    code_challenge_method: "S256",
    scope: "https://www.googleapis.com/auth/calendar",
  });
  const back = await consent(started.json.url);
  const hop = await callback(back);
  expect(hop.status).toBe(303);
  const next = new URL(hop.headers.get("location")!);
  expect(next.origin + next.pathname).toBe("http://maple-dental.localhost:3000/api/calendar/google/oauth/finish");
  expect([...next.searchParams.keys()].sort()).toEqual(["code", "state"]);
  expect(next.searchParams.get("state")).toBe(back.searchParams.get("state"));
  const res = await finish(next.toString(), "owner");
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("http://maple-dental.localhost:3000/keys?calendar=connected#calendars-heading");
  const row = (await roles.env.admin.query(`SELECT provider::text, calendar_ref, account_label, ciphertext FROM calendar_connections WHERE resource_id = $1`, [maple.resourceId])).rows[0];
  expect(row).toMatchObject({ provider: "google", calendar_ref: "owner@maple.test", account_label: "owner@maple.test" });
  const [refreshToken] = [...google.oauth.refreshTokens];
  expect(refreshToken).toBeTruthy();
  expect(Buffer.from(row.ciphertext).toString("latin1")).not.toContain(refreshToken);
  const activity = (await roles.env.admin.query(`SELECT action, metadata FROM audit_events WHERE tenant_id = $1 AND action = 'calendar.connected'`, [maple.id])).rows;
  expect(activity).toEqual([{ action: "calendar.connected", metadata: { provider: "google", via: "oauth" } }]);
  // The token exchange carried the PKCE verifier and the registered redirect URI.
  const exchange = google.calls.find((c) => c.path === "/token" && (c.body as Record<string, string>).grant_type === "authorization_code")!;
  expect(exchange.status).toBe(200);
});

it("busy times and the write-through work with the refresh token", async () => {
  const { runAsTenant } = await import("@/lib/tenancy");
  const { createBooking } = await import("@/lib/booking");
  const { tenantDb } = await import("@/lib/db");
  const { googleEventId } = await import("@/lib/calendar");
  const day = new Date(clock.now().getTime() + 7 * 86_400_000);
  while (day.getUTCDay() !== 3) day.setUTCDate(day.getUTCDate() + 1);
  const at = (h: number) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h + 4));
  google.addExternalEvent(at(10).toISOString(), at(11).toISOString());
  const booking = createBooking(tenantDb(), { externalBusy: (await import("@/lib/calendar")).createCalendarBusy({ clock }) });
  const slots = await runAsTenant(maple.id, () => booking.findAvailableSlots({ serviceId: maple.serviceId, from: at(9), to: at(12), now: clock.now(), resourceId: maple.resourceId }));
  const times = slots.map((s) => s.startsAt.getTime());
  expect(times).toContain(at(9).getTime());
  expect(times).not.toContain(at(10).getTime());
  const booked = await runAsTenant(maple.id, () => booking.bookAppointment({ serviceId: maple.serviceId, clientId: maple.clientId, startsAt: at(11), channel: "web", now: clock.now() }));
  clock.advance(60_000);
  await runner.runDue();
  expect(google.events.get(googleEventId(booked.id))).toMatchObject({ status: "confirmed", start: { dateTime: at(11).toISOString() } });
  const refreshed = google.calls.filter((c) => c.path === "/token" && (c.body as Record<string, string>).grant_type === "refresh_token");
  expect(refreshed.length).toBeGreaterThan(0);
  expect(refreshed.every((c) => c.status === 200)).toBe(true);
});

it("a replayed state is refused, and consent denied lands on the page with that outcome", async () => {
  const started = await start();
  const back = await consent(started.json.url);
  expect(outcome(await comeBack(back))).toBe("connected");
  expect(outcome(await comeBack(back))).toBe("invalid");
  const again = await start();
  google.oauth.denyNext = true;
  const denied = await consent(again.json.url);
  expect(denied.searchParams.get("error")).toBe("access_denied");
  const hop = await callback(denied);
  expect(new URL(hop.headers.get("location")!).searchParams.get("error")).toBe("access_denied");
  expect(outcome(await finish(hop.headers.get("location")!, "owner"))).toBe("denied");
});

it("an expired state is refused (ten minutes), and a forged one never reaches a tenant", async () => {
  const { finishGoogleConnect, handBackGoogleConsent } = await import("@/lib/calendar");
  const started = await start();
  const back = await consent(started.json.url);
  const later = new Date(Date.now() + 11 * 60_000);
  const lateHop = await handBackGoogleConsent(back.searchParams, new Headers({ host: "localhost:3000" }), later);
  expect(lateHop).toBe("http://maple-dental.localhost:3000/keys?calendar=expired#calendars-heading");
  const next = new URL((await callback(back)).headers.get("location")!);
  const late = await finishGoogleConnect(
    { query: next.searchParams, headers: new Headers({ host: next.host }), sessionCookie: roles.cookies.owner, supportCookie: undefined, ip: null, requestId: null },
    later,
  );
  expect(new URL(late).searchParams.get("calendar")).toBe("expired");
  const forged = new URL(back);
  forged.searchParams.set("state", back.searchParams.get("state")!.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
  const res = await callback(forged);
  expect(res.status).toBe(400);
  expect((await res.json()).error).toMatchObject({ code: "bad_request", field: "state" });
  // The finish route checks the signature on its own too.
  const forgedNext = new URL(next);
  forgedNext.searchParams.set("state", forged.searchParams.get("state")!);
  const refused = await finish(forgedNext.toString(), "owner");
  expect(refused.status).toBe(400);
  expect((await refused.json()).error).toMatchObject({ code: "bad_request", field: "state" });
});

it("a state for tenant A used while signed in to tenant B is refused; nothing is connected", async () => {
  await roles.env.admin.query(`DELETE FROM calendar_connections`);
  const started = await start();
  const back = await consent(started.json.url);
  const next = new URL((await callback(back)).headers.get("location")!);
  // Tenant B's cookie on tenant A's host, and tenant A's state brought to tenant B's host.
  expect(outcome(await finish(next.toString(), "dupont"))).toBe("forbidden");
  const elsewhere = new URL(next);
  elsewhere.host = "cabinet-dupont.localhost:3000";
  const res = await finish(elsewhere.toString(), "dupont");
  expect(res.headers.get("location")).toBe("http://cabinet-dupont.localhost:3000/keys?calendar=forbidden#calendars-heading");
  expect(await connectionCount()).toBe(0);
});

it("an attacker who completes consent from a cookie-less browser gets forbidden; nothing stored; the owner can still finish", async () => {
  await roles.env.admin.query(`DELETE FROM calendar_connections`);
  await roles.env.admin.query(`DELETE FROM calendar_oauth_states`);
  const started = await start();
  // The attacker opened the owner's consent URL and consented with their own Google account.
  const attackerBack = await consent(started.json.url);
  const hop = await callback(attackerBack);
  expect(hop.status).toBe(303);
  const next = new URL(hop.headers.get("location")!);
  expect(next.hostname).toBe("maple-dental.localhost");
  const res = await finish(next.toString(), null);
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("http://maple-dental.localhost:3000/keys?calendar=forbidden#calendars-heading");
  expect(await connectionCount()).toBe(0);
  // The attacker's code was never exchanged, and the state is left for its owner.
  expect(codeExchanges(attackerBack.searchParams.get("code")!)).toBe(0);
  expect(await stateRows()).toBe(1);
  // The owner consents again with the same URL and finishes in their own browser.
  expect(outcome(await comeBack(await consent(started.json.url), "owner"))).toBe("connected");
  expect(await connectionCount()).toBe(1);
  expect(await stateRows()).toBe(0);
  // And a fresh start after an attacker's try works the same.
  await roles.env.admin.query(`DELETE FROM calendar_connections`);
  const fresh = await start();
  expect(outcome(await comeBack(await consent(fresh.json.url), null))).toBe("forbidden");
  const again = await start();
  expect(outcome(await comeBack(await consent(again.json.url), "owner"))).toBe("connected");
  expect(await connectionCount()).toBe(1);
});

it("another member of the same tenant, even one allowed to manage keys, cannot finish the owner's consent", async () => {
  await roles.env.admin.query(`DELETE FROM calendar_connections`);
  const started = await start();
  const next = (await callback(await consent(started.json.url))).headers.get("location")!;
  for (const who of ["admin", "staff"] as const) expect(outcome(await finish(next, who)), who).toBe("forbidden");
  expect(await connectionCount()).toBe(0);
  // Their attempts spent nothing: the owner's own browser still finishes with the same link.
  expect(outcome(await finish(next, "owner"))).toBe("connected");
  expect(await connectionCount()).toBe(1);
});

it("the callback sends the browser to the state's tenant host, whatever Host or X-Forwarded-Host it carries", async () => {
  const { POST } = await import("@/app/api/calendar/google/oauth/start/route");
  const mapleBack = await consent((await start()).json.url);
  const dupontStart = await roles.send<{ url: string }>("dupont", POST as unknown as Handler, "POST", {
    body: { resourceId: (await roles.env.admin.query(`SELECT id FROM resources WHERE tenant_id = $1 AND is_default`, [roles.env.tenants["cabinet-dupont"].id])).rows[0].id },
  });
  expect(dupontStart.status, dupontStart.text).toBe(200);
  const dupontBack = await consent(dupontStart.json.url);
  const variants: Record<string, string>[] = [
    { host: "localhost:3000" },
    { host: "localhost:3000", "x-forwarded-host": "cabinet-dupont.localhost:3000" },
    { host: "localhost:3000", "x-forwarded-host": "evil.example" },
    { host: "evil.example", "x-forwarded-host": "maple-dental.evil.example" },
    { host: "127.0.0.1:3000", "x-forwarded-host": "attacker.localhost:3000" },
  ];
  for (const [back, slug] of [[mapleBack, "maple-dental"], [dupontBack, "cabinet-dupont"]] as const) {
    for (const headers of variants) {
      const res = await callback(back, headers);
      expect(res.status, JSON.stringify(headers)).toBe(303);
      const next = new URL(res.headers.get("location")!);
      expect(next.hostname, JSON.stringify(headers)).toBe(`${slug}.localhost`);
      expect(next.pathname).toBe("/api/calendar/google/oauth/finish");
    }
  }
});

it("staff cannot start; an unknown resource is a 404; unconfigured servers answer 404 JSON", async () => {
  expect((await start("staff")).status).toBe(403);
  expect((await start("owner", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
  const bad = await start("owner", "nope");
  expect(bad.status).toBe(400);
  expect(bad.json.error).toMatchObject({ field: "resourceId" });
  const saved = process.env.GOOGLE_OAUTH_CLIENT_ID;
  delete process.env.GOOGLE_OAUTH_CLIENT_ID;
  try {
    const off = await start();
    expect(off.status).toBe(404);
    expect(off.json.error?.code).toBe("not_found");
  } finally {
    process.env.GOOGLE_OAUTH_CLIENT_ID = saved;
  }
});

it("the refresh token never appears in a response, a redirect or the logs", async () => {
  const { GET } = await import("@/app/api/calendar/connections/route");
  responses.push((await roles.send("owner", GET as unknown as Handler, "GET")).text);
  for (const token of google.oauth.refreshTokens) {
    for (const text of [...responses, ...seen]) expect(text).not.toContain(token);
  }
});
