import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRunner, ManualClock } from "@/lib/jobs";
import { dataExportListSchema, dataExportRequestedSchema, type DataExportView } from "@/lib/tenant-data/owner-export-contract";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * The owner's data export through its real route handlers and the real job
 * runner on a driven clock: asked for (owner only, one in flight, three a
 * day), built by the tenant-data.export job into an archive whose manifest
 * matches the tenant's rows and that unpackArchive accepts, downloaded through
 * the signed link by the owner who asked only (not a co-owner, not another
 * tenant's owner, not with a changed token), refused after 24 hours, purged
 * of its bytes by the job, and every request and download in Activity.
 */

let r: ConsoleRolesEnv;
let runner: JobRunner;
let clock: ManualClock;
let routes: { list: Handler; request: Handler; download: Handler };
let cookieName: string;
const HOUR = 60 * 60 * 1000;

const maple = () => r.env.tenants["maple-dental"].id;
const dupont = () => r.env.tenants["cabinet-dupont"].id;
const amel = () => r.env.tenants["salon-amel"].id;

beforeAll(async () => {
  r = await setUpConsoleRoles("ownerexport", { members: ["owner2", "admin", "staff", "viewer"] });
  const jobs = await import("@/lib/jobs");
  await import("@/lib/jobs/all-jobs");
  clock = jobs.createManualClock("2031-03-01T10:00:00Z");
  (await import("@/lib/tenant-data/owner-export")).setDataExportClock(clock);
  runner = jobs.createJobRunner({ clock, queueUrl: r.env.db.adminUrl, jobs: jobs.registeredJobs().filter((j) => j.name === "tenant-data.export") });
  const exportRoute = (await import("@/app/api/settings/data-export/route")) as { GET: Handler; POST: Handler };
  const downloadRoute = (await import("@/app/api/settings/data-export/download/route")) as { GET: Handler };
  routes = { list: exportRoute.GET, request: exportRoute.POST, download: downloadRoute.GET };
  cookieName = (await import("@/lib/auth/session-token")).sessionCookieName();
}, 180_000);

afterAll(async () => {
  (await import("@/lib/tenant-data/owner-export")).setDataExportClock(null);
  await runner?.stop(2_000);
  await r?.env.close();
});

async function exportRows(tenantId: string) {
  return (
    await r.env.admin.query<{ id: string; status: string; has_archive: boolean; requested_by: string }>(
      `SELECT id, status::text, archive IS NOT NULL AS has_archive, requested_by FROM data_exports WHERE tenant_id = $1 ORDER BY created_at`,
      [tenantId],
    )
  ).rows;
}

async function audits(tenantId: string, action: string) {
  return (
    await r.env.admin.query<{ actor_user_id: string | null; actor_kind: string; target: string; metadata: Record<string, unknown>; created_at: Date }>(
      `SELECT actor_user_id, actor_kind::text, target, metadata, created_at FROM audit_events WHERE tenant_id = $1 AND action = $2 ORDER BY created_at`,
      [tenantId, action],
    )
  ).rows;
}

async function userIdOf(who: Who): Promise<string> {
  const id = r.memberships[who];
  return (await r.env.admin.query<{ user_id: string }>(`SELECT user_id FROM memberships WHERE id = $1`, [id])).rows[0]!.user_id;
}

async function list(who: Who): Promise<DataExportView[]> {
  const res = await r.send(who, routes.list, "GET");
  expect(res.status, res.text.slice(0, 200)).toBe(200);
  return dataExportListSchema.parse(res.json).exports;
}

/** The download as bytes (r.send reads text, which would mangle gzip). */
async function download(who: Who, search: string): Promise<Response> {
  const slug = who === "dupont" ? "cabinet-dupont" : "maple-dental";
  const request = new NextRequest(`http://${slug}.localhost:3000/api/settings/data-export/download${search}`, {
    headers: { host: `${slug}.localhost:3000`, cookie: `${cookieName}=${r.cookies[who]}` },
  });
  return routes.download(request, { params: Promise.resolve({}) });
}

const searchOf = (url: string) => url.slice(url.indexOf("?"));

describe("owner data export", () => {
  let first: DataExportView;
  let link: string;

  it("is refused to admins, staff and viewers, and nothing is queued", async () => {
    for (const who of ["admin", "staff", "viewer"] as const) {
      const res = await r.send(who, routes.request, "POST");
      expect(res.status, who).toBe(403);
      expect(res.json.error?.code).toBe("forbidden");
      expect((await r.send(who, routes.list, "GET")).status, who).toBe(403);
    }
    expect(await exportRows(maple())).toEqual([]);
    expect(await audits(maple(), "export.data.requested")).toEqual([]);
  });

  it("queues once for two requests at the same moment (202 with the same export), audited once", async () => {
    const [a, b] = await Promise.all([r.send("owner", routes.request, "POST"), r.send("owner", routes.request, "POST")]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [pa, pb] = [dataExportRequestedSchema.parse(a.json), dataExportRequestedSchema.parse(b.json)];
    expect(pa.export.id).toBe(pb.export.id);
    expect([pa.created, pb.created].sort()).toEqual([false, true]);
    expect(pa.export.status).toBe("queued");
    first = pa.export;
    // A third while it is still queued returns it too.
    const c = dataExportRequestedSchema.parse((await r.send("owner", routes.request, "POST")).json);
    expect(c).toMatchObject({ created: false, export: { id: first.id, status: "queued" } });
    expect((await exportRows(maple())).map((x) => x.id)).toEqual([first.id]);
    const requested = await audits(maple(), "export.data.requested");
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ actor_user_id: await userIdOf("owner"), actor_kind: "user", target: `data_export:${first.id}` });
  });

  it("is built by the job: ready, 24 hours, counts per table, a link for the owner who asked", async () => {
    const summary = await runner.runDue();
    expect(summary.failed).toBe(0);
    const [mine] = await list("owner");
    expect(mine).toMatchObject({ id: first.id, status: "ready", mine: true, error: null });
    expect(mine!.finishedAt).toBe(clock.now().toISOString());
    expect(new Date(mine!.expiresAt!).getTime() - clock.now().getTime()).toBe(24 * HOUR);
    expect(mine!.sizeBytes).toBeGreaterThan(0);
    expect(mine!.tableCounts!.services).toBeGreaterThan(0);
    expect(mine!.downloadUrl).toMatch(/^\/api\/settings\/data-export\/download\?token=/);
    link = mine!.downloadUrl!;
    // A second owner of the workspace sees it, without a link: only the one who asked may download it.
    const [seen] = await list("owner2");
    expect(seen).toMatchObject({ id: first.id, status: "ready", mine: false, downloadUrl: null });
    expect(await audits(maple(), "export.data.ready")).toHaveLength(1);
  });

  it("downloads an archive that unpackArchive accepts and whose manifest matches the tenant's rows; audited with the export id", async () => {
    const res = await download("owner", searchOf(link));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="frontdesk-maple-dental-2031-03-01.jsonl.gz"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const { unpackArchive, archiveMacKeys } = await import("@/lib/tenant-data");
    const { manifest, tables } = unpackArchive(bytes, archiveMacKeys());
    expect(manifest.tenant).toEqual({ id: maple(), slug: "maple-dental" });
    const [view] = await list("owner");
    // Written after the snapshot: the export's own "ready" and this download.
    const since = (await r.env.admin.query(`SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND action IN ('export.data.ready', 'export.data.downloaded')`, [maple()])).rows[0].n;
    expect(since).toBe(2);
    for (const t of manifest.tables) {
      expect(view!.tableCounts![t.name], t.name).toBe(t.rows);
      if (t.name === "tenants" || t.name === "users") continue;
      const n = (await r.env.admin.query(`SELECT count(*)::int AS n FROM "${t.name}" WHERE tenant_id = $1`, [maple()])).rows[0].n;
      expect(t.rows, t.name).toBe(t.name === "audit_events" ? n - since : n);
    }
    for (const t of tables.filter((x) => x.name !== "tenants" && x.name !== "users")) for (const row of t.rows) expect(JSON.parse(row).tenant_id).toBe(maple());
    // The export row itself travels without its bytes.
    const own = tables.find((t) => t.name === "data_exports")!.rows.map((x) => JSON.parse(x) as Record<string, unknown>);
    expect(own.map((x) => x.id)).toEqual([first.id]);
    expect(own.every((x) => !("archive" in x))).toBe(true);
    const downloaded = await audits(maple(), "export.data.downloaded");
    expect(downloaded).toHaveLength(1);
    expect(downloaded[0]).toMatchObject({ actor_user_id: await userIdOf("owner"), target: `data_export:${first.id}`, metadata: { exportId: first.id, sizeBytes: bytes.length } });
  });

  it("refuses the link to a co-owner, to another tenant's owner, changed or missing; nothing leaks", async () => {
    const before = (await audits(maple(), "export.data.downloaded")).length;
    const coOwner = await download("owner2", searchOf(link));
    expect(coOwner.status).toBe(403);
    const other = await download("dupont", searchOf(link));
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: { code: "forbidden", message: "This download link is not valid for you in this workspace." } });
    expect(await list("dupont")).toEqual([]);
    const token = new URLSearchParams(searchOf(link)).get("token")!;
    const [body, mac] = token.split(".");
    const stretched = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), x: 9e12 })).toString("base64url");
    for (const bad of [`${stretched}.${mac}`, `${body}.${mac!.slice(0, -2)}AA`, "not-a-token", `${body}`]) {
      const res = await download("owner", `?token=${encodeURIComponent(bad)}`);
      expect(res.status, bad.slice(0, 20)).toBe(403);
      expect(res.headers.get("content-type")).toMatch(/json/);
    }
    const missing = await download("owner", "");
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.field).toBe("token");
    expect((await audits(maple(), "export.data.downloaded")).length).toBe(before);
  });

  it("lapses after 24 hours (410), and the job's purge drops the bytes", async () => {
    clock.advance(24 * HOUR - 1);
    expect((await download("owner", searchOf(link))).status).toBe(200);
    clock.advance(1);
    const late = await download("owner", searchOf(link));
    expect(late.status).toBe(410);
    expect((await late.json()).error).toMatchObject({ code: "gone", message: expect.stringMatching(/expired/) });
    expect((await list("owner"))[0]).toMatchObject({ id: first.id, status: "expired", downloadUrl: null });
    expect((await exportRows(maple()))[0]).toMatchObject({ status: "ready", has_archive: true });
    await runner.runDue();
    expect((await exportRows(maple()))[0]).toMatchObject({ status: "expired", has_archive: false });
  });
});

describe("owner data export in Activity", () => {
  it("reads as sentences in English and French under the Exports filter, with who asked and downloaded", async () => {
    const activity = ((await import("@/app/api/activity/route")) as { GET: Handler }).GET;
    type Page = { items: Array<{ action: string; summary: string; facts: unknown[]; actor: { kind: string; userId: string | null } }> };
    const en = await r.send<Page>("owner", activity, "GET", { search: "?action=export." });
    expect(en.status).toBe(200);
    const byAction = new Map(en.json.items.map((i) => [i.action, i]));
    expect(byAction.get("export.data.requested")?.summary).toBe("Export of the business's data requested");
    expect(byAction.get("export.data.downloaded")?.summary).toBe("Export of the business's data downloaded");
    expect(byAction.get("export.data.ready")?.summary).toMatch(/^Export of the business's data ready to download \(\d+(\.\d)? KB\), for 24 hours$/);
    expect(en.json.items.every((i) => i.facts.length === 0)).toBe(true);
    const owner = await userIdOf("owner");
    expect(en.json.items.filter((i) => i.action === "export.data.downloaded").map((i) => i.actor)).toEqual([
      expect.objectContaining({ kind: "user", userId: owner }),
      expect.objectContaining({ kind: "user", userId: owner }),
    ]);
    expect(byAction.get("export.data.requested")?.actor).toMatchObject({ kind: "user", userId: owner });
    expect(byAction.get("export.data.ready")?.actor).toMatchObject({ kind: "system", userId: null });
    const fr = await r.send<Page>("owner", activity, "GET", { search: "?action=export.", cookies: { fd_ui_locale: "fr" } });
    expect(fr.json.items.find((i) => i.action === "export.data.downloaded")?.summary).toBe("Export des données de l'entreprise téléchargé");
  });
});

describe("owner data export limits", () => {
  it("allows three requests in 24 hours, then 429 with when to come back", async () => {
    // Past the minute the previous tests ran the job in: a scheduled job runs once per tenant and minute.
    clock.advance(HOUR);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await r.send("dupont", routes.request, "POST");
      expect(res.status, res.text).toBe(202);
      ids.push(dataExportRequestedSchema.parse(res.json).export.id);
      await runner.runDue();
      clock.advance(HOUR);
    }
    expect(new Set(ids).size).toBe(3);
    const refused = await r.send("dupont", routes.request, "POST");
    expect(refused.status).toBe(429);
    expect(refused.json.error?.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBe(21 * 60 * 60);
    expect((await exportRows(dupont())).map((x) => x.status)).toEqual(["ready", "ready", "ready"]);
    clock.advance(21 * HOUR);
    expect((await r.send("dupont", routes.request, "POST")).status).toBe(202);
  });

  it("stays open to the owner of a suspended workspace: a business that left may take its data away", async () => {
    await r.env.admin.query(`UPDATE tenants SET status = 'suspended', suspended_at = $2 WHERE id = $1`, [dupont(), clock.now()]);
    try {
      // Other changes are refused meanwhile: the exception is the export's alone.
      const reports = ((await import("@/app/api/settings/reports/route")) as unknown as { PUT: Handler }).PUT;
      const refused = await r.send("dupont", reports, "PUT", { body: { hour: 7, recipients: [] } });
      expect(refused.status).toBe(403);
      expect(refused.json.error?.code).toBe("workspace_suspended");
      const again = await r.send("dupont", routes.request, "POST");
      expect(again.status, again.text).toBe(202);
      expect(dataExportRequestedSchema.parse(again.json).created).toBe(false);
      await runner.runDue();
      const [latest] = await list("dupont");
      expect(latest).toMatchObject({ status: "ready", mine: true });
      expect((await download("dupont", searchOf(latest!.downloadUrl!))).status).toBe(200);
    } finally {
      await r.env.admin.query(`UPDATE tenants SET status = 'active', suspended_at = NULL WHERE id = $1`, [dupont()]);
    }
  });

  it("fails an archive above the size cap with a sentence for the owner, never a cause", async () => {
    const { runAsTenant } = await import("@/lib/tenancy");
    const { runOwnerExports } = await import("@/lib/tenant-data/owner-export");
    const ownerId = (await r.env.admin.query(`SELECT user_id FROM memberships WHERE tenant_id = $1 AND role = 'owner' LIMIT 1`, [amel()])).rows[0].user_id;
    await r.env.admin.query(`INSERT INTO data_exports (tenant_id, requested_by, created_at) VALUES ($1, $2, $3)`, [amel(), ownerId, clock.now()]);
    const built = await runAsTenant(amel(), () => runOwnerExports(clock.now(), { maxBytes: 100 }));
    expect(built?.status).toBe("failed");
    const row = (await r.env.admin.query(`SELECT status::text, error, archive, size_bytes FROM data_exports WHERE tenant_id = $1`, [amel()])).rows[0];
    expect(row).toMatchObject({ status: "failed", archive: null });
    // The refused size is kept: the owner is told how large the file would have been.
    expect(row.size_bytes).toBeGreaterThan(100);
    expect(row.error).toMatch(/^The archive is \d+\.\d MB, more than the 0\.0 MB a download may hold\. Contact Frontdesk support/);
    // A build that cannot reach the cell fails the same way, its cause in the log only.
    await r.env.admin.query(`INSERT INTO data_exports (tenant_id, requested_by, created_at) VALUES ($1, $2, $3)`, [amel(), ownerId, clock.now()]);
    const unreachable = await runAsTenant(amel(), () => runOwnerExports(clock.now(), { cellOwnerUrl: async () => "postgresql://nobody:secret-password@127.0.0.1:1/none" }));
    expect(unreachable?.status).toBe("failed");
    const errors = (await r.env.admin.query<{ error: string }>(`SELECT error FROM data_exports WHERE tenant_id = $1 ORDER BY created_at`, [amel()])).rows;
    expect(errors[1]!.error).toBe("The export could not be completed. Please request a new one; if it fails again, contact Frontdesk support.");
    expect(errors.map((e) => e.error).join()).not.toMatch(/secret-password|127\.0\.0\.1|ECONNREFUSED/);
  });
});
