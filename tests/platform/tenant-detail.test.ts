import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPlatformAccess, type PlatformAccess } from "@/lib/db/platform-db";
import { loadTenantDetail } from "@/lib/platform/queries";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { addConversation, addCounter, addMember, addRoute, addSubscription, addTenant, addUsageEvent } from "./platform-fixtures";

/*
 * One tenant as support sees it: profile, members and their last sign-in,
 * channel health, subscription and dunning, usage with its daily series,
 * recent audit, conversation counts, and never a word of any conversation.
 */

let db: TestDatabase;
let admin: pg.Client;
let platform: PlatformAccess;
const actor = { userId: "00000000-0000-4000-8000-0000000000bb" };
const NOW = new Date("2026-12-15T12:00:00Z");
let T: string;
let other: string;
let owner: string;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  db = await createTestDatabase("platdetail");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  platform = createPlatformAccess({ url: db.platformUrl, max: 2 });
  T = await addTenant(admin, {
    slug: "cabinet-dupont", name: "Cabinet Dupont", plan: "pro", status: "past_due", stripeCustomerId: "cus_D",
    pastDueSince: at("2026-12-06T10:00:00Z"),
  });
  other = await addTenant(admin, { slug: "other", plan: "pro" });
  owner = await addMember(admin, T, "owner@dupont.test");
  const staff = await addMember(admin, T, "staff@dupont.test", "staff");
  await addMember(admin, other, "owner@other.test");
  await admin.query(`UPDATE users SET totp_enabled_at = now() WHERE id = $1`, [owner]);
  await admin.query(
    `INSERT INTO auth_sessions (user_id, created_at, last_seen_at, expires_at) VALUES
       ($1, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', '2027-01-01'),
       ($1, '2026-12-14T08:00:00Z', '2026-12-14T18:30:00Z', '2027-01-01')`,
    [owner],
  );
  await admin.query(`INSERT INTO invitations (tenant_id, email, role, token_hash, expires_at) VALUES ($1, 'new@dupont.test', 'staff', 'h1', '2026-12-20'), ($1, 'old@dupont.test', 'staff', 'h2', '2026-12-01')`, [T]);
  await addRoute(admin, T, "voice", "+33140000001");
  await addRoute(admin, T, "whatsapp", "+33612345678");
  await addRoute(admin, T, "web", "hash-a", "fdk_a1");
  await addRoute(admin, T, "web", "hash-b", "fdk_b2");
  await addSubscription(admin, T, { plan: "pro", status: "past_due", interval: "year", currency: "eur", customer: "cus_D" });
  await addCounter(admin, T, "2026-12", "conversations", 150, "pro");
  await addCounter(admin, T, "2026-12", "call_minutes", 600, "pro");
  await addConversation(admin, T, "voice", at("2026-12-02T09:00:00Z"));
  await addConversation(admin, T, "voice", at("2026-12-14T16:00:00Z"));
  await addConversation(admin, T, "whatsapp", at("2026-12-14T22:30:00Z"), [
    { role: "caller", content: "SECRET-CALLER-TEXT my date of birth", at: at("2026-12-14T22:30:00Z") },
    { role: "agent", content: "SECRET-AGENT-TEXT", at: at("2026-12-14T22:30:05Z") },
  ]);
  await addConversation(admin, T, "web", at("2026-11-30T10:00:00Z"), [{ role: "caller", content: "SECRET-WEB", at: at("2026-11-30T10:00:00Z") }]);
  // Another tenant's newer activity never shows here.
  await addConversation(admin, other, "whatsapp", at("2026-12-15T11:00:00Z"), [{ role: "caller", content: "x", at: at("2026-12-15T11:00:00Z") }]);
  await addUsageEvent(admin, T, "call_second", 61, at("2026-12-02T09:10:00Z"));
  await addUsageEvent(admin, T, "call_second", 59, at("2026-12-14T16:05:00Z"));
  await addUsageEvent(admin, T, "call_second", 120, at("2026-12-14T16:30:00Z"));
  await admin.query(
    `INSERT INTO audit_events (tenant_id, actor_user_id, actor_kind, action, target, metadata, created_at) VALUES
       ($1, $2, 'user', 'service.update', 'service:1', '{"note": "SECRET-META"}', '2026-12-10T10:00:00Z'),
       ($1, NULL, 'system', 'billing.dunning', NULL, '{}', '2026-12-11T10:00:00Z'),
       ($3, NULL, 'system', 'other.tenant', NULL, '{}', '2026-12-12T10:00:00Z')`,
    [T, staff, other],
  );
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await admin?.end();
  await db?.drop();
});

const detail = (id = T, now = NOW) => platform.withPlatformAccess(actor, { action: "tenant.view", tenantId: id }, (p) => loadTenantDetail(p, id, now));

it("shows the profile, members with their last sign-in and pending invitations", async () => {
  const d = (await detail())!;
  expect(d.profile).toMatchObject({ slug: "cabinet-dupont", plan: "pro", planName: "Pro", status: "past_due", stripeCustomerId: "cus_D" });
  const byEmail = Object.fromEntries(d.members.map((m) => [m.email, m]));
  expect(Object.keys(byEmail).sort()).toEqual(["owner@dupont.test", "staff@dupont.test"]);
  expect(byEmail["owner@dupont.test"]).toMatchObject({ role: "owner", twoFactor: true });
  expect(byEmail["owner@dupont.test"]!.lastSignInAt?.toISOString()).toBe("2026-12-14T08:00:00.000Z");
  expect(byEmail["owner@dupont.test"]!.lastSeenAt?.toISOString()).toBe("2026-12-14T18:30:00.000Z");
  expect(byEmail["staff@dupont.test"]).toMatchObject({ twoFactor: false, lastSignInAt: null });
  expect(d.invitations.map((i) => i.email)).toEqual(["new@dupont.test"]);
});

it("gives each route its channel's last inbound time, labelled per channel when the channel has several routes", async () => {
  const d = (await detail())!;
  const route = (display: string) => d.routes.find((r) => r.display === display)!;
  expect(route("+33140000001")).toMatchObject({ channel: "voice", lastInboundScope: "route" });
  expect(route("+33140000001").lastInboundAt?.toISOString()).toBe("2026-12-14T16:00:00.000Z");
  expect(route("+33612345678").lastInboundAt?.toISOString()).toBe("2026-12-14T22:30:00.000Z");
  expect(route("fdk_a1…")).toMatchObject({ channel: "web", lastInboundScope: "channel" });
  expect(route("fdk_b2…").lastInboundAt?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
  // A widget key is shown by its prefix, never its stored hash.
  expect(JSON.stringify(d.routes)).not.toContain("hash-a");
});

it("shows the subscription and the dunning step reached", async () => {
  const d = (await detail())!;
  expect(d.billing.subscription).toMatchObject({ status: "past_due", planCode: "pro", interval: "year", currency: "eur" });
  expect(d.billing.dunningStep).toBe(7);
  expect((await detail(T, at("2026-12-21T10:00:00Z")))!.billing.dunningStep).toBe(14);
  expect((await detail(other))!.billing).toEqual({ subscription: null, dunningStep: null });
});

it("shows this month's usage against the plan and a daily series in the tenant's zone", async () => {
  const u = (await detail())!.usage;
  expect(u).toMatchObject({ month: "2026-12", timeZone: "Europe/Paris", conversations: { used: 150, limit: 1500 }, callMinutes: { used: 600, limit: 1500 }, percent: 40 });
  expect(u.days).toHaveLength(15);
  const day = (date: string) => u.days.find((x) => x.date === date)!;
  expect(day("2026-12-02")).toEqual({ date: "2026-12-02", conversations: 1, callMinutes: 2 });
  // 22:30 UTC on the 14th is 23:30 in Paris: still the 14th. Calls round up per call: 59 s + 120 s = 1 + 2.
  expect(day("2026-12-14")).toEqual({ date: "2026-12-14", conversations: 2, callMinutes: 3 });
  expect(day("2026-12-15")).toEqual({ date: "2026-12-15", conversations: 0, callMinutes: 0 });
});

it("counts conversations per channel and lists the tenant's own recent audit events", async () => {
  const d = (await detail())!;
  expect(d.conversations).toEqual([
    { channel: "voice", total: 2, thisMonth: 2 },
    { channel: "whatsapp", total: 1, thisMonth: 1 },
    { channel: "web", total: 1, thisMonth: 0 },
  ]);
  expect(d.audit.map((a) => a.action)).toEqual(["billing.dunning", "service.update"]);
  expect(d.audit[1]!.actorEmail).toBe("staff@dupont.test");
});

it("never returns message content, summaries, transcripts, dialogue state or audit metadata", async () => {
  const text = JSON.stringify(await detail());
  for (const secret of ["SECRET-CALLER-TEXT", "SECRET-AGENT-TEXT", "SECRET-WEB", "SECRET-SUMMARY", "SECRET-TRANSCRIPT", "SECRET-STATE", "SECRET-META"]) {
    expect(text).not.toContain(secret);
  }
});

it("answers null for a tenant that does not exist, and audits the look-up with the tenant named", async () => {
  const missing = "00000000-0000-4000-8000-00000000dead";
  expect(await detail(missing)).toBeNull();
  const rows = await admin.query(`SELECT action, subject_tenant_id FROM platform_audit_events WHERE subject_tenant_id = $1`, [missing]);
  expect(rows.rows).toEqual([{ action: "tenant.view", subject_tenant_id: missing }]);
  // A read is not an action on the tenant: nothing lands in its own Activity.
  expect(Number((await admin.query(`SELECT count(*) FROM audit_events WHERE actor_kind = 'platform_admin'`)).rows[0].count)).toBe(0);
});
