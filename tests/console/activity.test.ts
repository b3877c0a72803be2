import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityPage } from "@/lib/audit";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { REQUEST_INFO, setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * The Activity page's loader, GET /api/activity, called for real: owners and
 * admins read the tenant's audit trail newest first with who did it; staff
 * and viewers get 403; the cursor walks every event once; the prefix filter
 * narrows; nothing of another tenant and no secret value ever shows.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
const TOKEN = "f00dfeedf00dfeedf00dfeed9876wxyz";

let activity: Handler;
let routes: Record<string, Record<string, Handler>>;

beforeAll(async () => {
  r = await setUpConsoleRoles("activity", {
    members: ["admin", "staff", "viewer"],
    as: { admin: { name: "Admin Member" }, staff: { email: "sam@staff.test", name: "Staff Member" }, viewer: { name: "Viewer Member" } },
  });
  env = r.env;
  activity = (await import("@/app/api/activity/route")).GET as never;
  routes = {
    business: (await import("@/app/api/settings/business/route")) as never,
    providerKey: (await import("@/app/api/settings/provider-keys/[provider]/[name]/route")) as never,
    appointments: (await import("@/app/api/appointments/route")) as never,
    member: (await import("@/app/api/team/members/[id]/route")) as never,
  };
}, 180_000);

afterAll(async () => {
  await env?.close();
});

function send(
  who: Who,
  handler: Handler,
  init: { method?: string; query?: string; body?: unknown; params?: Record<string, string>; uiLocale?: "fr" | "en" } = {},
) {
  return r.send<ActivityPage>(who, handler, init.method ?? "GET", {
    body: init.body,
    params: init.params,
    search: init.query,
    headers: { "x-forwarded-for": "198.51.100.23" },
    cookies: init.uiLocale ? { fd_ui_locale: init.uiLocale } : {},
  });
}

const list = (who: Who, query = "", uiLocale?: "fr" | "en") => send(who, activity, { query, uiLocale });
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe("activity", () => {
  it("lists a settings change and a saved key, newest first, with the actor, target, IP and no secret", async () => {
    const saved = await send("admin", routes.business!.PATCH!, {
      method: "PATCH",
      body: { businessName: "Maple Dental Clinic", address: "200 King St W", timezone: "America/Toronto", languages: ["en"], transferPhone: "+14165550100" },
    });
    expect(saved.status).toBe(200);
    const key = await send("owner", routes.providerKey!.PUT!, { method: "PUT", body: { value: TOKEN }, params: { provider: "twilio", name: "auth_token" } });
    expect(key.status).toBe(200);

    const res = await list("owner");
    expect(res.status).toBe(200);
    const [newest, previous] = res.json.items;
    expect(newest).toMatchObject({
      action: "secret.saved",
      target: "twilio/auth_token",
      ip: "198.51.100.23",
      actor: { kind: "user", name: "Dr Sam Tremblay", email: env.tenants["maple-dental"].ownerEmail },
    });
    expect(previous).toMatchObject({
      action: "settings.business.updated",
      actor: { kind: "user", name: "Admin Member", email: "ada@admin.test" },
    });
    expect(previous!.metadata).toEqual([{ key: "fields", value: "businessName, address, timezone, languages, transferPhone" }]);
    const times = res.json.items.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(JSON.stringify(res.json)).not.toContain(TOKEN);
    expect(JSON.stringify(res.json)).not.toContain(TOKEN.slice(-4));
  });

  it("is for owners and admins only: staff and viewers get 403", async () => {
    expect((await list("admin")).status).toBe(200);
    for (const who of ["staff", "viewer"] as const) {
      const res = await list(who);
      expect(res.status, who).toBe(403);
      expect(res.json.error?.code).toBe("forbidden");
    }
  });

  it("filters by action prefix and refuses a malformed one naming the field", async () => {
    const secrets = await list("owner", "?action=secret");
    // The test set-up stored two keys per tenant before anyone signed in: no actor.
    expect(secrets.json.items.map((e) => [e.action, e.target, e.actor.userId === null])).toEqual([
      ["secret.saved", "twilio/auth_token", false],
      ["secret.saved", "twilio/auth_token", true],
      ["secret.saved", "vapi/webhook_secret", true],
    ]);
    const invitations = await list("owner", "?action=invitation.");
    expect(new Set(invitations.json.items.map((e) => e.action))).toEqual(new Set(["invitation.sent", "invitation.accepted"]));
    expect(invitations.json.items).toHaveLength(6);
    const bad = await list("owner", "?action=Secret%25");
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: "bad_request", field: "action" });
    expect((await list("owner", "?cursor=bm9wZQ")).json.error).toMatchObject({ code: "bad_request", field: "cursor" });
  });

  it("never shows another tenant's events", async () => {
    const mine = await list("dupont");
    const dupontId = env.tenants["cabinet-dupont"].id;
    const stored = await env.admin.query("SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1", [dupontId]);
    expect(mine.json.items).toHaveLength(stored.rows[0].n);
    expect(mine.json.items.some((e) => e.action.startsWith("settings.") || e.action.startsWith("invitation"))).toBe(false);
  });

  it("walks every event once with the cursor, ties broken by id; drops secret-looking metadata; names no former member", async () => {
    const maple = env.tenants["maple-dental"].id;
    const at = new Date("2029-12-31T12:00:00Z");
    for (let i = 0; i < 60; i++) {
      await env.admin.query(
        `INSERT INTO audit_events (tenant_id, actor_user_id, actor_kind, action, target, metadata, created_at)
         VALUES ($1, $2, $3, 'test.bulk', $4, $5, $6)`,
        [
          maple,
          i === 0 ? "11111111-1111-4111-8111-111111111111" : null,
          i === 0 ? "user" : i === 1 ? "platform_admin" : "system",
          `row:${i}`,
          JSON.stringify({ index: i, apiKey: "sk-live-should-not-show", authToken: "nope", prefix: "fdw_abc", origins: ["https://a.example", "https://b.example"] }),
          new Date(at.getTime() - Math.floor(i / 3) * 1000),
        ],
      );
    }
    const seen: ActivityPage["items"] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list("owner", `?action=test.${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.json.items);
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen.map((e) => e.id)).size).toBe(60);
    const stored = await env.admin.query<{ id: string }>(
      "SELECT id FROM audit_events WHERE tenant_id = $1 AND action = 'test.bulk' ORDER BY created_at DESC, id DESC",
      [maple],
    );
    expect(seen.map((e) => e.id)).toEqual(stored.rows.map((r) => r.id));
    expect(JSON.stringify(seen)).not.toMatch(/sk-live|nope/);
    const first = seen.find((e) => e.target === "row:0")!;
    expect(first.metadata).toEqual([
      { key: "index", value: "0" },
      { key: "prefix", value: "fdw_abc" },
      { key: "origins", value: "https://a.example, https://b.example" },
    ]);
    expect(first.actor).toEqual({ kind: "user", userId: "11111111-1111-4111-8111-111111111111", name: null, email: null });
    expect(seen.find((e) => e.target === "row:1")!.actor.kind).toBe("platform_admin");
  });

  describe("readable sentences", () => {
    const TZ = "America/Toronto";
    let monday: string;

    it("a booking reads as a sentence in English and French, at the tenant's local time, with the client's name", async () => {
      const { addDays, isoWeekday, wallClockAt } = await import("@/lib/booking/local-time");
      const in3Weeks = wallClockAt(new Date(Date.now() + 21 * 86_400_000), TZ).date;
      monday = addDays(in3Weeks, 1 - isoWeekday(in3Weeks));
      const maple = env.tenants["maple-dental"].id;
      const checkup = (await env.admin.query(`SELECT id FROM services WHERE tenant_id = $1 AND name = 'Checkup'`, [maple])).rows[0].id as string;
      const booked = await send("owner", routes.appointments!.POST!, {
        method: "POST",
        body: { serviceId: checkup, clientName: "Jane Roe", clientPhone: "(416) 555-0142", date: monday, time: "16:00" },
      });
      expect(booked.status, JSON.stringify(booked.json)).toBe(201);
      const day = Number(monday.slice(8));

      const en = (await list("owner", "?action=appointment.")).json.items[0]!;
      expect(en.action).toBe("appointment.created");
      expect(en.summary).toMatch(new RegExp(`^Appointment booked for Mon, [A-Z][a-z]{2} ${day}, 4:00\\sPM \\(Checkup, Jane Roe, new client\\)$`));
      const fr = (await list("owner", "?action=appointment.", "fr")).json.items[0]!;
      expect(fr.summary).toMatch(new RegExp(`^Rendez-vous pris pour le lun\\. ${day} \\S+, 16:00 \\(Checkup, Jane Roe, nouveau client\\)$`));
      // The raw record stays available for support, the sentence carries no id.
      expect(en.metadata.map((m) => m.key).sort()).toEqual(["clientId", "newClient", "service", "startsAt"]);
      expect(en.summary).not.toMatch(UUID_ANYWHERE);
      expect(en.facts).toEqual([]);
    });

    it("a role change names the member and the roles; a sign-in reads 'Signed in' / 'Connexion'", async () => {
      const maple = env.tenants["maple-dental"].id;
      const staffMembership = (
        await env.admin.query(`SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 AND u.email = 'sam@staff.test'`, [maple])
      ).rows[0].id as string;
      const changed = await send("owner", routes.member!.PATCH!, { method: "PATCH", body: { role: "viewer" }, params: { id: staffMembership } });
      expect(changed.status, JSON.stringify(changed.json)).toBe(200);

      const en = (await list("owner", "?action=member.role_changed")).json.items[0]!;
      expect(en.summary).toBe("Role of Staff Member changed from staff to viewer");
      expect(en.actor).toMatchObject({ name: "Dr Sam Tremblay" });
      const fr = (await list("owner", "?action=member.role_changed", "fr")).json.items[0]!;
      expect(fr.summary).toBe("Rôle de Staff Member passé de personnel à lecteur");

      const signIns = await list("owner", "?action=auth.sign_in");
      expect(signIns.json.items.length).toBeGreaterThanOrEqual(4);
      expect(new Set(signIns.json.items.map((e) => e.summary))).toEqual(new Set(["Signed in"]));
      expect(signIns.json.items[0]!.ip).toBe(REQUEST_INFO.ip);
      const frSignIns = await list("owner", "?action=auth.sign_in", "fr");
      expect(new Set(frSignIns.json.items.map((e) => e.summary))).toEqual(new Set(["Connexion"]));
    });

    it("a deleted client reads as such; an unknown action reads as words with labelled, local-time values and no secret", async () => {
      const maple = env.tenants["maple-dental"].id;
      const janeId = (await env.admin.query(`SELECT id FROM clients WHERE tenant_id = $1 AND name = 'Jane Roe'`, [maple])).rows[0].id as string;
      const insert = (action: string, target: string | null, metadata: object, at: string) =>
        env.admin.query(`INSERT INTO audit_events (tenant_id, actor_kind, action, target, metadata, created_at) VALUES ($1, 'system', $2, $3, $4, $5)`, [
          maple,
          action,
          target,
          JSON.stringify(metadata),
          at,
        ]);
      await insert("client.created", "client:22222222-2222-4222-8222-222222222222", { fields: ["name"] }, "2030-11-20T12:00:00Z");
      await insert(
        "loyalty.points_granted",
        `client:${janeId}`,
        { clientId: janeId, startsAt: "2030-12-01T21:00:00.000Z", points: 20, apiKey: "sk-live-never", note: "welcome" },
        "2030-11-20T12:00:01Z",
      );

      expect((await list("owner", "?action=client.created")).json.items[0]!.summary).toBe("Client added: a deleted client");
      expect((await list("owner", "?action=client.created", "fr")).json.items[0]!.summary).toBe("Client ajouté : un client supprimé");

      const en = (await list("owner", "?action=loyalty.")).json.items[0]!;
      expect(en.summary).toBe("Loyalty points granted");
      // jsonb keeps its own key order; the facts follow it.
      expect(en.facts.map((f) => [f.label, f.value.replace(/\s/g, " ")]).sort()).toEqual([
        ["Client id", "Jane Roe"],
        ["Note", "welcome"],
        ["Points", "20"],
        ["Starts at", "Sun, Dec 1, 4:00 PM"],
      ]);
      const fr = (await list("owner", "?action=loyalty.", "fr")).json.items[0]!;
      expect(fr.facts.find((f) => f.label === "Starts at")!.value).toBe("dim. 1 déc., 16:00");
      expect(JSON.stringify([en, fr])).not.toContain("sk-live");
    });

    it("no summary or fact on any page carries a raw id or a secret", async () => {
      const all: ActivityPage["items"] = [];
      let cursor: string | null = null;
      do {
        const res = await list("owner", cursor ? `?cursor=${cursor}` : "");
        all.push(...res.json.items);
        cursor = res.json.nextCursor;
      } while (cursor);
      const shown = all.map((e) => [e.summary, ...e.facts.map((f) => `${f.label} ${f.value}`)].join(" | "));
      expect(shown.filter((text) => UUID_ANYWHERE.test(text))).toEqual([]);
      expect(shown.join("\n")).not.toMatch(/sk-live|nope|f00dfeed/);
      // Every action the code base writes has its own sentence (none falls back to the bare code).
      const fallbacks = all.filter((e) => e.facts.length > 0 || e.summary.toLowerCase() === e.action.replace(/[._]/g, " "));
      expect(new Set(fallbacks.map((e) => e.action))).toEqual(new Set(["test.bulk", "loyalty.points_granted"]));
    });
  });
});
