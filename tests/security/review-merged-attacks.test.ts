import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";
import { startGoogleStandIn, type GoogleStandIn } from "../support/google-calendar-standin";

/*
 * Adversarial review of the owner's data export (merge h-gdpr) and the Google
 * Calendar OAuth connect (merge h-oauth), through the real route handlers on
 * a real database: links of exports that failed or were purged, a link kept
 * by an owner who is no longer one, response headers; a callback reached
 * through a forged Host, on a tenant or admin host, after the starter signed
 * out or lost the role, with missing or repeated parameters. The cells
 * follow-ups are attacked in review-merged-cells-attacks.test.ts (two servers).
 */

let r: ConsoleRolesEnv;
let google: GoogleStandIn;
let exportRoutes: { list: Handler; request: Handler; download: Handler };
let cookieName: string;
let maple: { id: string; resourceId: string };

beforeAll(async () => {
  r = await setUpConsoleRoles("reviewmerged", { members: ["owner2", "admin", "staff", "viewer"] });
  google = await startGoogleStandIn({ calendarId: "owner@maple.test" });
  Object.assign(process.env, {
    GOOGLE_API_BASE_URL: google.apiRoot,
    GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    GOOGLE_OAUTH_AUTH_URL: google.oauth.authUrl,
    GOOGLE_OAUTH_CLIENT_ID: google.oauth.clientId,
    GOOGLE_OAUTH_CLIENT_SECRET: google.oauth.clientSecret,
  });
  const id = r.env.tenants["maple-dental"].id;
  const resource = await r.env.admin.query(`SELECT id FROM resources WHERE tenant_id = $1 AND is_default`, [id]);
  maple = { id, resourceId: resource.rows[0].id };
  const exportRoute = (await import("@/app/api/settings/data-export/route")) as { GET: Handler; POST: Handler };
  const downloadRoute = (await import("@/app/api/settings/data-export/download/route")) as { GET: Handler };
  exportRoutes = { list: exportRoute.GET, request: exportRoute.POST, download: downloadRoute.GET };
  cookieName = (await import("@/lib/auth/session-token")).sessionCookieName();
}, 180_000);

afterAll(async () => {
  await google?.close();
  for (const k of ["GOOGLE_API_BASE_URL", "GOOGLE_OAUTH_TOKEN_URL", "GOOGLE_OAUTH_AUTH_URL", "GOOGLE_OAUTH_CLIENT_ID", "GOOGLE_OAUTH_CLIENT_SECRET"]) delete process.env[k];
  await r?.env.close();
});

async function userIdOf(who: Who): Promise<string> {
  return (await r.env.admin.query<{ user_id: string }>(`SELECT user_id FROM memberships WHERE id = $1`, [r.memberships[who]])).rows[0]!.user_id;
}

async function sessionIdOf(who: Who): Promise<string> {
  const { decodeSessionToken } = await import("@/lib/auth/session-token");
  return (await decodeSessionToken(r.cookies[who]))!.sid;
}

async function setRole(who: Who, role: string): Promise<void> {
  await r.env.admin.query(`UPDATE memberships SET role = $2::"MemberRole" WHERE id = $1`, [r.memberships[who], role]);
}

/** An export row as the job would leave it, and the signed link its asker would hold. */
async function exportWithLink(who: Who, status: "ready" | "failed" | "expired", finishedAt = new Date()): Promise<{ id: string; search: string }> {
  const userId = await userIdOf(who);
  const { rows } = await r.env.admin.query<{ id: string }>(
    `INSERT INTO data_exports (tenant_id, requested_by, status, created_at, finished_at, expires_at, archive, size_bytes, error)
     VALUES ($1, $2, $3::"DataExportStatus", $4, $4, $5, $6, $7, $8) RETURNING id`,
    [
      maple.id, userId, status, finishedAt, new Date(finishedAt.getTime() + 86_400_000),
      status === "ready" ? Buffer.from("archive bytes") : null, status === "ready" ? 13 : null,
      status === "failed" ? "The export could not be completed." : null,
    ],
  );
  const { signExportLink } = await import("@/lib/tenant-data/archive-keys");
  const { currentKeyring } = await import("@/lib/secrets");
  const token = signExportLink({ exportId: rows[0]!.id, tenantId: maple.id, userId }, finishedAt, currentKeyring());
  return { id: rows[0]!.id, search: `?token=${encodeURIComponent(token)}` };
}

async function download(who: Who, search: string): Promise<Response> {
  const request = new NextRequest(`http://maple-dental.localhost:3000/api/settings/data-export/download${search}`, {
    headers: { host: "maple-dental.localhost:3000", cookie: `${cookieName}=${r.cookies[who]}` },
  });
  return exportRoutes.download(request, { params: Promise.resolve({}) });
}

async function downloadsAudited(exportId: string): Promise<number> {
  const { rows } = await r.env.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'export.data.downloaded' AND target = $1`, [`data_export:${exportId}`]);
  return rows[0]!.n;
}

describe("owner data export: downloads at once", () => {
  it("a tenant downloads one archive at a time per process (429 with retry-after while one is read), others are not held up beyond the process cap", async () => {
    const ready = await exportWithLink("owner", "ready");
    const { withDownloadSlot } = await import("@/lib/tenant-data/download-gate");
    let release!: () => void;
    const held = withDownloadSlot(maple.id, () => new Promise<void>((done) => (release = done)));
    try {
      const refused = await download("owner", ready.search);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("10");
      expect(await refused.text()).not.toContain("archive bytes");
      expect(await downloadsAudited(ready.id)).toBe(0);
      // Another tenant's download is not this tenant's slot.
      let releaseOther!: () => void;
      const other = withDownloadSlot(r.env.tenants["cabinet-dupont"].id, () => new Promise<void>((done) => (releaseOther = done)));
      await expect(withDownloadSlot(randomUUID(), async () => "third")).rejects.toMatchObject({ code: "rate_limited" });
      releaseOther();
      await other;
    } finally {
      release();
      await held;
    }
    const res = await download("owner", ready.search);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe("archive bytes");
  });
});

describe("owner data export: links that must not open", () => {
  it("the link of a failed export is 410 with no bytes, and is not audited as a download", async () => {
    const failed = await exportWithLink("owner", "failed");
    const res = await download("owner", failed.search);
    expect(res.status).toBe(410);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.text()).not.toContain("archive bytes");
    expect(await downloadsAudited(failed.id)).toBe(0);
  });

  it("the link of a purged export is 410, within its 24 hours too", async () => {
    const purged = await exportWithLink("owner", "expired");
    const res = await download("owner", purged.search);
    expect(res.status).toBe(410);
    expect(await downloadsAudited(purged.id)).toBe(0);
  });

  it("an owner demoted to admin keeps the link but it no longer opens (403), and no export can be asked", async () => {
    const kept = await exportWithLink("owner2", "ready");
    expect((await download("owner2", kept.search)).status).toBe(200);
    await setRole("owner2", "admin");
    try {
      const res = await download("owner2", kept.search);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("archive bytes");
      expect((await r.send("owner2", exportRoutes.request, "POST")).status).toBe(403);
      expect((await r.send("owner2", exportRoutes.list, "GET")).status).toBe(403);
    } finally {
      await setRole("owner2", "owner");
    }
    expect(await downloadsAudited(kept.id)).toBe(1);
  });

  it("the archive is never cached or sniffed, and its file name carries nothing but the slug and a date", async () => {
    const ready = await exportWithLink("owner", "ready", new Date("2031-03-02T08:00:00Z"));
    const { setDataExportClock } = await import("@/lib/tenant-data/owner-export");
    setDataExportClock({ now: () => new Date("2031-03-02T09:00:00Z") });
    try {
      const res = await download("owner", ready.search);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="frontdesk-maple-dental-2031-03-02.jsonl.gz"`);
      // The list carries links: never cached either.
      expect((await r.send("owner", exportRoutes.list, "GET")).headers.get("cache-control")).toBe("no-store");
    } finally {
      setDataExportClock(null);
    }
  });

  it("a token that is too long or repeated is a 400 naming the field or a 403, never a 500", async () => {
    const tooLong = await download("owner", `?token=${"a".repeat(1001)}`);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(/token/);
    const ready = await exportWithLink("owner", "ready");
    const repeated = await download("owner", `${ready.search}&token=x.y`);
    expect(repeated.status).toBe(403);
    expect((await download("owner", "")).status).toBe(400);
  });
});

async function start(who: Who = "owner") {
  const { POST } = await import("@/app/api/calendar/google/oauth/start/route");
  return r.send<{ url: string }>(who, POST as unknown as Handler, "POST", { body: { resourceId: maple.resourceId } });
}

async function consent(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

/** The apex callback: Google's redirect; it carries no session (the finish hop checks that). */
async function callback(url: URL | string, host = "localhost:3000", extra: Record<string, string> = {}): Promise<Response> {
  const { GET } = await import("@/app/api/calendar/google/oauth/callback/route");
  return GET(new NextRequest(url, { headers: { host, ...extra } }));
}

/** The tenant host's finish route, where the callback sent the browser, with `who`'s tenant cookie or none. */
async function finish(location: string, who: Who | null): Promise<Response> {
  const { GET } = await import("@/app/api/calendar/google/oauth/finish/route");
  const url = new URL(location);
  const headers: Record<string, string> = { host: url.host };
  if (who) headers.cookie = `${cookieName}=${r.cookies[who]}`;
  return GET(new NextRequest(url, { headers }));
}

/** Both hops, the second in `who`'s browser. */
async function comeBack(url: URL | string, who: Who | null): Promise<Response> {
  const hop = await callback(url);
  expect(hop.status).toBe(303);
  return finish(hop.headers.get("location")!, who);
}

const outcome = (res: Response) => new URL(res.headers.get("location")!).searchParams.get("calendar");
const connections = async () => (await r.env.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM calendar_connections WHERE tenant_id = $1`, [maple.id])).rows[0]!.n;

describe("Google OAuth callback", () => {
  it("a forged Host or X-Forwarded-Proto never sends the browser off the platform's domain", async () => {
    await r.env.admin.query(`DELETE FROM calendar_connections WHERE tenant_id = $1`, [maple.id]);
    const back = await consent((await start()).json.url);
    const res = await callback(back, "evil.example", { "x-forwarded-proto": "javascript" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!);
    expect(location.protocol).toBe("http:");
    expect(location.hostname).toBe("maple-dental.localhost");
  });

  it("is not served on a tenant host or the admin host (404), and the state is left unused", async () => {
    const back = await consent((await start()).json.url);
    for (const host of ["maple-dental.localhost:3000", "cabinet-dupont.localhost:3000", "admin.localhost:3000"]) {
      const url = new URL(back);
      url.host = host;
      expect((await callback(url, host)).status, host).toBe(404);
    }
    // Still usable on the apex: nothing above consumed it.
    expect(outcome(await comeBack(back, "owner"))).toBe("connected");
  });

  it("the member who started signed out before coming back: forbidden, nothing connected, the state not spent by refusals", async () => {
    await r.env.admin.query(`DELETE FROM calendar_connections WHERE tenant_id = $1`, [maple.id]);
    const back = await consent((await start("owner2")).json.url);
    const sid = await sessionIdOf("owner2");
    const next = (await callback(back)).headers.get("location")!;
    await r.env.admin.query(`UPDATE auth_sessions SET revoked_at = now() WHERE id = $1`, [sid]);
    try {
      expect(outcome(await finish(next, "owner2"))).toBe("forbidden");
      expect(outcome(await finish(next, null))).toBe("forbidden");
    } finally {
      await r.env.admin.query(`UPDATE auth_sessions SET revoked_at = NULL WHERE id = $1`, [sid]);
    }
    expect(await connections()).toBe(0);
    const nonce = JSON.parse(Buffer.from(new URL(next).searchParams.get("state")!.split(".")[0]!, "base64url").toString()).n as string;
    expect((await r.env.admin.query(`SELECT count(*)::int AS n FROM calendar_oauth_states WHERE id = $1`, [nonce])).rows[0].n).toBe(1);
    await r.env.admin.query(`DELETE FROM calendar_oauth_states WHERE id = $1`, [nonce]);
  });

  it("the member who started lost the right to manage keys before coming back: forbidden", async () => {
    const back = await consent((await start("admin")).json.url);
    await setRole("admin", "staff");
    try {
      expect(outcome(await comeBack(back, "admin"))).toBe("forbidden");
    } finally {
      await setRole("admin", "admin");
    }
    expect(await connections()).toBe(0);
  });

  it("missing or repeated parameters: no state is a 400 naming it, no code fails, a forged second state is ignored", async () => {
    const none = await callback("http://localhost:3000/api/calendar/google/oauth/callback?code=abc");
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: { field: string } }).error.field).toBe("state");

    const back = await consent((await start()).json.url);
    const noCode = new URL(back);
    noCode.searchParams.delete("code");
    expect(outcome(await comeBack(noCode, "owner"))).toBe("failed");
    expect(await connections()).toBe(0);

    // A forged state put first is refused before any tenant is touched.
    const again = await consent((await start()).json.url);
    const forgedFirst = new URL(again);
    forgedFirst.search = `state=${randomUUID()}.x&${again.searchParams.toString()}`;
    expect((await callback(forgedFirst)).status).toBe(400);
    expect(outcome(await comeBack(again, "owner"))).toBe("connected");
  });

  it("the refresh token is in no response, redirect, Activity row or stored column in clear", async () => {
    const activity = await r.env.admin.query<{ metadata: unknown }>(`SELECT metadata FROM audit_events WHERE tenant_id = $1 AND action LIKE 'calendar.%'`, [maple.id]);
    const stored = await r.env.admin.query<{ row: string }>(`SELECT to_jsonb(c)::text AS row FROM calendar_connections c WHERE tenant_id = $1`, [maple.id]);
    const states = await r.env.admin.query<{ row: string }>(`SELECT to_jsonb(s)::text AS row FROM calendar_oauth_states s`);
    const { GET } = await import("@/app/api/calendar/connections/route");
    const listed = (await r.send("owner", GET as unknown as Handler, "GET")).text;
    const texts = [JSON.stringify(activity.rows), ...stored.rows.map((x) => x.row), ...states.rows.map((x) => x.row), listed];
    expect(google.oauth.refreshTokens.size).toBeGreaterThan(0);
    for (const token of google.oauth.refreshTokens) for (const text of texts) expect(text).not.toContain(token);
  });
});
