import { randomBytes, randomUUID } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PUBLIC_URL, setUpCells, type CellsTestEnv } from "./cells-env";

/*
 * Tenants in cells on two PostgreSQL servers, served through the real route
 * handlers: each channel's rows land in the tenant's own cell and nowhere
 * else, and a directory entry pointing at the wrong cell finds nothing there.
 */

let env: CellsTestEnv;
let chat: (request: Request) => Promise<Response>;
let whatsapp: (request: Request) => Promise<Response>;
let vapi: (request: Request) => Promise<Response>;

beforeAll(async () => {
  env = await setUpCells("cells");
  ({ POST: chat } = await import("@/app/api/v1/chat/route"));
  ({ POST: whatsapp } = await import("@/app/api/webhooks/whatsapp/route"));
  ({ POST: vapi } = await import("@/app/api/webhooks/vapi/route"));
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const dupont = () => env.tenants["cabinet-dupont"];
const maple = () => env.tenants["maple-dental"];

async function countIn(where: "controlPlane" | "ch", table: string, tenantId: string): Promise<number> {
  const [row] = await env.sql<{ n: number }>(where, `SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1`, [tenantId]);
  return row!.n;
}

describe("placement", () => {
  it("puts the CH tenant on the second server and keeps the others on the first", async () => {
    expect(dupont().cell).toBe("ch");
    expect(maple().cell).toBe("default");
    const [directory] = await env.sql<{ cell: string }>("controlPlane", "SELECT cell FROM tenants WHERE id = $1", [dupont().id]);
    expect(directory!.cell).toBe("ch");
    // The cell holds the tenant row's copy, its services and its secrets; the control plane none of them.
    expect(await env.sql("ch", "SELECT id FROM tenants WHERE id = $1", [dupont().id])).toHaveLength(1);
    expect(await countIn("ch", "services", dupont().id)).toBeGreaterThan(0);
    expect(await countIn("ch", "tenant_secrets", dupont().id)).toBe(2);
    expect(await countIn("controlPlane", "services", dupont().id)).toBe(0);
    expect(await countIn("controlPlane", "tenant_secrets", dupont().id)).toBe(0);
    // Lookups made before a tenant is known keep their copy on the control plane.
    expect(await countIn("controlPlane", "channel_routes", dupont().id)).toBe(await countIn("ch", "channel_routes", dupont().id));
    expect(await countIn("controlPlane", "memberships", dupont().id)).toBe(await countIn("ch", "memberships", dupont().id));
    // The other server holds nothing of the tenants that stayed.
    expect(await env.sql("ch", "SELECT id FROM tenants WHERE id <> $1", [dupont().id])).toEqual([]);
  });
});

describe("channels, each tenant in its own cell", () => {
  const webChat = (key: string, message: string) =>
    chat(
      new Request("http://127.0.0.1:3000/api/v1/chat", {
        method: "POST",
        headers: { "content-type": "application/json", "x-tenant-key": key },
        body: JSON.stringify({ message, locale: "fr" }),
      }),
    );

  it("web chat", async () => {
    for (const t of [dupont(), maple()]) {
      const res = await webChat(t.widgetKey, "Bonjour, quels sont vos horaires ?");
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as { conversationId: string };
      const home = t.cell === "ch" ? "ch" : "controlPlane";
      const away = t.cell === "ch" ? "controlPlane" : "ch";
      expect(await env.sql(home, "SELECT id FROM conversations WHERE id = $1", [body.conversationId])).toHaveLength(1);
      expect(await env.sql(away, "SELECT id FROM conversations WHERE id = $1", [body.conversationId])).toHaveLength(0);
    }
  });

  it("WhatsApp, signed as Twilio signs", async () => {
    for (const t of [dupont(), maple()]) {
      const sid = "SM" + randomBytes(16).toString("hex");
      const sender = t.cell === "ch" ? "+41791110001" : "+15145550001";
      const params = {
        MessageSid: sid,
        SmsMessageSid: sid,
        AccountSid: "AC" + randomBytes(16).toString("hex"),
        From: `whatsapp:${sender}`,
        To: `whatsapp:${t.whatsappNumber}`,
        Body: "Bonjour, êtes-vous ouverts samedi ?",
        NumMedia: "0",
        WaId: sender.slice(1),
      };
      const path = "/api/webhooks/whatsapp";
      const res = await whatsapp(
        new Request(`http://127.0.0.1:3000${path}`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": getExpectedTwilioSignature(t.twilioToken, PUBLIC_URL + path, params),
          },
          body: new URLSearchParams(params).toString(),
        }),
      );
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.text()).toMatch(/<Message>.+<\/Message>/s);
      const home = t.cell === "ch" ? "ch" : "controlPlane";
      const away = t.cell === "ch" ? "controlPlane" : "ch";
      const q = "SELECT m.id FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id WHERE c.tenant_id = $1 AND c.channel = 'whatsapp' AND m.content = 'Bonjour, êtes-vous ouverts samedi ?'";
      expect((await env.sql(home, q, [t.id])).length).toBe(1);
      expect((await env.sql(away, q, [t.id])).length).toBe(0);
    }
  });

  it("Vapi: the assistant for the called number, built from the tenant's cell; another cell's secret refused", async () => {
    for (const t of [dupont(), maple()]) {
      const callId = randomUUID();
      const envelope = (type: string, extra: Record<string, unknown> = {}) => ({
        message: {
          timestamp: Date.now(),
          type,
          call: { id: callId, type: "inboundPhoneCall", status: "in-progress", customer: { number: "+41797770001" } },
          phoneNumber: { id: randomUUID(), provider: "twilio", number: t.voiceNumber },
          customer: { number: "+41797770001" },
          ...extra,
        },
      });
      const send = (body: unknown) =>
        vapi(
          new Request("http://internal:3000/api/webhooks/vapi", {
            method: "POST",
            headers: { "content-type": "application/json", "x-vapi-secret": t.vapiSecret },
            body: JSON.stringify(body),
          }),
        );
      const assistant = await send(envelope("assistant-request"));
      expect(assistant.status, await assistant.clone().text()).toBe(200);
      const [{ name }] = await env.sql<{ name: string }>("controlPlane", "SELECT name FROM tenants WHERE id = $1", [t.id]) as [{ name: string }];
      expect(JSON.stringify(await assistant.json())).toContain(name);
      // Another cell's tenant secret is refused: the secret is read in the called number's cell.
      const other = t.cell === "ch" ? maple() : dupont();
      const refused = await vapi(
        new Request("http://internal:3000/api/webhooks/vapi", {
          method: "POST",
          headers: { "content-type": "application/json", "x-vapi-secret": other.vapiSecret },
          body: JSON.stringify(envelope("assistant-request")),
        }),
      );
      expect(refused.status).toBe(401);
    }
  });
});

describe("a forged directory entry", () => {
  it("finds nothing in the wrong cell: no tenant row copy there, and row-level security refuses the rest", async () => {
    const { runAsTenant } = await import("@/lib/tenancy");
    const { tenantDb } = await import("@/lib/db");
    const { cellOf } = await import("@/lib/cells");
    // maple-dental lives in default; the directory is made to say ch.
    await env.sql("controlPlane", "UPDATE tenants SET cell = 'ch' WHERE id = $1", [maple().id]);
    const { cellDirectory } = await import("@/lib/db/cell-databases");
    cellDirectory().invalidate(maple().id);
    expect(await cellOf(maple().id)).toBe("ch");
    try {
      await runAsTenant(maple().id, async () => {
        expect(await tenantDb().tenant.findFirst({ select: { id: true } })).toBeNull();
        expect(await tenantDb().service.count()).toBe(0);
        expect(await tenantDb().conversation.count()).toBe(0);
        // A write has no tenant row to hang on: the foreign key refuses it.
        await expect(tenantDb().client.create({ data: { name: "Forged", phone: "+41790000000" } })).rejects.toThrow();
        // Nor can it see the cell's real tenant.
        const rows = await tenantDb().$queryRaw<Array<{ tenant_id: string }>>`SELECT tenant_id FROM services`;
        expect(rows).toEqual([]);
      });
      expect(await countIn("ch", "clients", maple().id)).toBe(0);
    } finally {
      await env.sql("controlPlane", "UPDATE tenants SET cell = 'default' WHERE id = $1", [maple().id]);
      cellDirectory().invalidate(maple().id);
    }
  });
});

describe("global tables inside a tenant context", () => {
  it("reads users on the control plane, where the password hash is, not the cell's copy of names", async () => {
    const { runAsTenant } = await import("@/lib/tenancy");
    const { tenantDb } = await import("@/lib/db");
    const [member] = await env.sql<{ user_id: string }>("ch", "SELECT user_id FROM memberships WHERE tenant_id = $1 LIMIT 1", [dupont().id]);
    const [copy] = await env.sql<{ password_hash: string | null; email: string }>("ch", "SELECT password_hash, email FROM users WHERE id = $1", [member!.user_id]);
    expect(copy!.password_hash).toBeNull();
    const user = await runAsTenant(dupont().id, () =>
      tenantDb().user.findFirst({ where: { id: member!.user_id }, select: { email: true, passwordHash: true } }),
    );
    expect(user?.email).toBe(copy!.email);
    expect(user?.passwordHash).toBeTruthy();
    // A team page's join stays inside the cell, on the copy.
    const members = await runAsTenant(dupont().id, () => tenantDb().membership.findMany({ include: { user: { select: { email: true } } } }));
    expect(members.map((m) => m.user.email)).toContain(copy!.email);
  });
});

describe("freeze and flip", () => {
  const webChat = (key: string) =>
    chat(
      new Request("http://127.0.0.1:3000/api/v1/chat", {
        method: "POST",
        headers: { "content-type": "application/json", "x-tenant-key": key },
        body: JSON.stringify({ message: "Bonjour", locale: "fr" }),
      }),
    );
  const amel = () => env.tenants["salon-amel"];

  it("a chat request for a frozen tenant waits for the flip, then is served in the tenant's cell", async () => {
    const { freezeTenant, flipTenantCell, cellEntryOf } = await import("@/lib/cells");
    await freezeTenant(amel().id);
    expect((await cellEntryOf(amel().id))?.state).toBe("frozen");
    let settled = false;
    const pending = webChat(amel().widgetKey).finally(() => (settled = true));
    // Still waiting once the directory has been read twice more (the request polls it while frozen).
    await vi.waitFor(async () => {
      const [row] = await env.sql<{ n: number }>("controlPlane", "SELECT count(*)::int AS n FROM conversations WHERE tenant_id = $1", [amel().id]);
      expect(row!.n).toBe(0);
    });
    expect(settled).toBe(false);
    await flipTenantCell(amel().id, "default");
    const res = await pending;
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await cellEntryOf(amel().id))?.state).toBe("serving");
  });

  it("answers 503 with retry-after when the freeze outlasts the wait, and writes nothing", async () => {
    const { freezeTenant, unfreezeTenant } = await import("@/lib/cells");
    const before = await env.sql<{ n: number }>("controlPlane", "SELECT count(*)::int AS n FROM messages WHERE tenant_id = $1", [amel().id]);
    process.env.CELL_FREEZE_WAIT_MS = "50";
    try {
      await freezeTenant(amel().id);
      const res = await webChat(amel().widgetKey);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBeTruthy();
    } finally {
      delete process.env.CELL_FREEZE_WAIT_MS;
      await unfreezeTenant(amel().id);
    }
    expect(await env.sql("controlPlane", "SELECT count(*)::int AS n FROM messages WHERE tenant_id = $1", [amel().id])).toEqual(before);
  });

  it("voice: a tool call during a freeze is answered 'one moment'", async () => {
    const { freezeTenant, unfreezeTenant } = await import("@/lib/cells");
    process.env.VOICE_FREEZE_WAIT_MS = "0";
    try {
      await freezeTenant(dupont().id);
      const res = await vapi(
        new Request("http://internal:3000/api/webhooks/vapi", {
          method: "POST",
          headers: { "content-type": "application/json", "x-vapi-secret": dupont().vapiSecret },
          body: JSON.stringify({
            message: {
              type: "tool-calls",
              call: { id: randomUUID() },
              phoneNumber: { number: dupont().voiceNumber },
              toolCallList: [{ id: "call_1", type: "function", function: { name: "check_availability", arguments: "{}" } }],
            },
          }),
        }),
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { results: Array<{ toolCallId: string; result: string }> };
      expect(body.results).toEqual([{ toolCallId: "call_1", name: "check_availability", result: expect.stringMatching(/^One moment/) }]);
    } finally {
      delete process.env.VOICE_FREEZE_WAIT_MS;
      await unfreezeTenant(dupont().id);
    }
  });
});

describe("copies kept in step", () => {
  it("a change to the directory's tenant row reaches the cell's copy, and a route added in the cell reaches the control plane", async () => {
    const { startDirectorySync } = await import("@/lib/cells");
    const { runAsTenant } = await import("@/lib/tenancy");
    const { tenantDb } = await import("@/lib/db");
    const sync = await startDirectorySync();
    try {
      // Support's trial extension (the name is the members' column: it goes the other way, tenant-column-owners.test.ts).
      const endsAt = new Date("2027-04-01T00:00:00Z");
      await env.sql("controlPlane", "UPDATE tenants SET trial_ends_at = $2 WHERE id = $1", [dupont().id, endsAt]);
      await vi.waitFor(async () => {
        const [row] = await env.sql<{ trial_ends_at: Date }>("ch", "SELECT trial_ends_at FROM tenants WHERE id = $1", [dupont().id]);
        expect(row!.trial_ends_at.toISOString()).toBe(endsAt.toISOString());
      }, { timeout: 10_000 });
      const number = "+41215550199";
      await runAsTenant(dupont().id, () => tenantDb().channelRoute.create({ data: { channel: "voice", key: number, label: "Second line" } }));
      await vi.waitFor(async () => {
        const rows = await env.sql("controlPlane", "SELECT id FROM channel_routes WHERE tenant_id = $1 AND key = $2", [dupont().id, number]);
        expect(rows).toHaveLength(1);
      }, { timeout: 10_000 });
      await sync.settled();
    } finally {
      await sync.stop();
    }
  });
});

describe("platform console across cells", () => {
  it("the overview's activity sums every cell's conversations, each tenant once", async () => {
    const { platformAccess } = await import("@/lib/db");
    const { loadOverview } = await import("@/lib/platform/queries/overview");
    const overview = await loadOverview(platformAccess().auditedElsewhere, new Date());
    const count = async (where: "controlPlane" | "ch") =>
      (await env.sql<{ n: number }>(where, "SELECT count(*)::int AS n FROM conversations WHERE started_at >= date_trunc('month', now() - interval '1 day')"))[0]!.n;
    const [first, second] = [await count("controlPlane"), await count("ch")];
    expect(second).toBeGreaterThan(0);
    expect(overview.activity.conversationsMonth).toBe(first + second);
    expect(overview.totalTenants).toBe(3);
  });
});
