import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationDetail, ConversationPage } from "@/lib/conversations";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * The Conversations pages' loaders, through the real route handlers (session
 * cookie, tenant host, role check, row-level security). The conversations are
 * made by the real receptionist: a web booking, a WhatsApp move, a voice
 * cancellation and handoff, and a Vapi tool call, so the transcript and the
 * actions read back exactly what lib/agent stores.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let list: Handler;
let detail: Handler;

/** Monday 2030-01-07, 08:00 in Toronto: the dialogues' reference time. */
const NOW = new Date("2030-01-07T13:00:00Z");
const TOM = "+14165550199";
const ids = {} as Record<"booked" | "moved" | "cancelled" | "handoff" | "tool" | "dupont", string>;

beforeAll(async () => {
  r = await setUpConsoleRoles("conversations", { members: ["staff"] });
  env = r.env;
  const { runAgentTurn, runAgentTool } = await import("@/lib/agent");
  const { runAsTenant } = await import("@/lib/tenancy");
  const maple = env.tenants["maple-dental"];
  const dupont = env.tenants["cabinet-dupont"];

  async function talk(channel: "web" | "whatsapp" | "voice", externalId: string, lines: string[], callerPhone?: string) {
    let last = "";
    let conversationId = "";
    for (const message of lines) {
      const turn = await runAsTenant(maple.id, () =>
        runAgentTurn({ channel, externalId, message, now: NOW, ...(callerPhone ? { callerPhone } : {}) }),
      );
      last = turn.reply;
      conversationId = turn.conversationId;
    }
    return { last, conversationId };
  }
  const booked = await talk("web", "web-booking", ["Can I get an exam today at 4?", "Tom Hardy", "416-555-0199", "yes please"]);
  expect(booked.last).toContain("You're booked");
  const moved = await talk("whatsapp", TOM, ["I'd like to move my appointment", "Tuesday at 10", "yes"], TOM);
  expect(moved.last).toContain("Done");
  const cancelled = await talk("voice", "call-cancel", ["please cancel my appointment", "yes"], TOM);
  expect(cancelled.last).toContain("cancelled");
  const handoff = await talk("voice", "call-handoff", ["Can you transfer me to the receptionist?"], "+14165550111");
  Object.assign(ids, {
    booked: booked.conversationId,
    moved: moved.conversationId,
    cancelled: cancelled.conversationId,
    handoff: handoff.conversationId,
  });

  // A Vapi call: a tool call during the call, then its end-of-call report.
  await runAsTenant(maple.id, () => runAgentTool("transfer_call", {}, { conversationExternalId: "call-tool", now: NOW }));
  const tool = await env.admin.query<{ id: string }>(
    `UPDATE conversations SET started_at = $2, ended_at = $3, ended_reason = 'assistant-forwarded-call', summary = 'Asked for a person.'
     WHERE tenant_id = $1 AND external_id = 'call-tool' RETURNING id`,
    [maple.id, new Date(NOW.getTime() - 95_000), NOW],
  );
  ids.tool = tool.rows[0]!.id;
  ids.dupont = (await runAsTenant(dupont.id, () => runAgentTurn({ channel: "web", externalId: "dupont-web", message: "Bonjour", now: NOW })))
    .conversationId;

  list = (await import("@/app/api/conversations/route")).GET as never;
  detail = (await import("@/app/api/conversations/[id]/route")).GET as never;
}, 180_000);

afterAll(async () => {
  await env?.close();
});

function get<T>(who: Who, handler: Handler, query = "", params: Record<string, string> = {}) {
  return r.send<T>(who, handler, "GET", { search: query, params });
}

describe("conversation list", () => {
  it("lists the tenant's conversations newest first with channel, client, status and duration", async () => {
    const res = await get<ConversationPage>("owner", list);
    expect(res.status).toBe(200);
    expect(res.json.items.map((c) => c.id)).toEqual([ids.tool, ids.handoff, ids.cancelled, ids.moved, ids.booked]);
    expect(res.json.nextCursor).toBeNull();
    const byId = new Map(res.json.items.map((c) => [c.id, c]));
    expect(byId.get(ids.booked)).toMatchObject({ channel: "web", client: "Tom Hardy", clientPhone: TOM, status: "open" });
    expect(byId.get(ids.moved)).toMatchObject({ channel: "whatsapp", client: "Tom Hardy" });
    expect(byId.get(ids.tool)).toMatchObject({ channel: "voice", status: "handed_off", client: null, durationSeconds: 95 });
    expect(res.json.items.every((c) => !("tenantId" in c))).toBe(true);
  });

  it.each([
    ["?channel=voice", ["tool", "handoff", "cancelled"]],
    ["?channel=web", ["booked"]],
    ["?status=handed_off", ["tool", "handoff"]],
    ["?channel=voice&status=open", ["cancelled"]],
    ["?channel=&status=", ["tool", "handoff", "cancelled", "moved", "booked"]],
  ] as const)("filters %s", async (query, expected) => {
    const res = await get<ConversationPage>("owner", list, query);
    expect(res.status).toBe(200);
    expect(res.json.items.map((c) => c.id)).toEqual(expected.map((k) => ids[k]));
  });

  it.each([
    ["?channel=sms", "channel"],
    ["?status=closed", "status"],
    ["?cursor=not-a-cursor", "cursor"],
  ])("refuses %s with a 400 naming the field", async (query, field) => {
    const res = await get("owner", list, query);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "bad_request", field });
  });

  it("is open to staff, and another tenant sees only its own", async () => {
    expect((await get<ConversationPage>("staff", list)).json.items).toHaveLength(5);
    const other = await get<ConversationPage>("dupont", list);
    expect(other.json.items.map((c) => c.id)).toEqual([ids.dupont]);
  });

  it("pages with a cursor without gaps or repeats, even when conversations start at the same instant", async () => {
    const { listConversations } = await import("@/lib/conversations");
    const { tenantDb } = await import("@/lib/db");
    const { runAsTenant } = await import("@/lib/tenancy");
    const salon = env.tenants["salon-amel"];
    const base = Date.parse("2030-01-05T10:00:00Z");
    for (let i = 0; i < 23; i++) {
      // Pairs share a start time: the id breaks the tie.
      await env.admin.query(
        `INSERT INTO conversations (tenant_id, channel, external_id, started_at, updated_at, status) VALUES ($1, 'web', $2, $3, $3, $4)`,
        [salon.id, `page-${i}`, new Date(base + Math.floor(i / 2) * 60_000), i % 3 === 0 ? "ended" : "open"],
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await runAsTenant(salon.id, () => listConversations(tenantDb(), { cursor }, 5));
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    const stored = await env.admin.query<{ id: string }>(
      "SELECT id FROM conversations WHERE tenant_id = $1 ORDER BY started_at DESC, id DESC",
      [salon.id],
    );
    expect(seen).toEqual(stored.rows.map((r) => r.id));
    const ended = await runAsTenant(salon.id, () => listConversations(tenantDb(), { status: "ended" }, 100));
    expect(ended.items).toHaveLength(8);
  });
});

describe("a conversation", () => {
  it("shows the transcript in order with roles, the client, and the booking it made", async () => {
    const res = await get<ConversationDetail>("owner", detail, "", { id: ids.booked });
    expect(res.status).toBe(200);
    const c = res.json;
    expect(c).toMatchObject({ channel: "web", client: "Tom Hardy", clientPhone: TOM, status: "open" });
    expect(c.messages.map((m) => m.role)).toEqual(["caller", "agent", "caller", "agent", "caller", "agent", "caller", "agent"]);
    expect(c.messages.map((m) => m.content).filter((_, i) => i % 2 === 0)).toEqual([
      "Can I get an exam today at 4?",
      "Tom Hardy",
      "416-555-0199",
      "yes please",
    ]);
    expect(c.messages[7]!.content).toContain("You're booked: Checkup on Monday, January 7 at 4:00 PM");
    // Booked here, later cancelled on another call: the action says both.
    expect(c.actions).toEqual([
      expect.objectContaining({ kind: "booked", service: "Checkup", startsAt: "2030-01-07T21:00:00.000Z", currentStatus: "cancelled" }),
    ]);
    expect(c.appointments).toEqual([expect.objectContaining({ service: "Checkup", status: "cancelled" })]);
  });

  it("tells a move from a booking, and shows cancellations and handoffs", async () => {
    const moved = (await get<ConversationDetail>("owner", detail, "", { id: ids.moved })).json;
    expect(moved.actions).toEqual([expect.objectContaining({ kind: "moved", service: "Checkup", startsAt: "2030-01-08T15:00:00.000Z" })]);
    expect(moved.appointments).toEqual([]);
    const cancelled = (await get<ConversationDetail>("owner", detail, "", { id: ids.cancelled })).json;
    expect(cancelled.actions).toEqual([expect.objectContaining({ kind: "cancelled", service: "Checkup", currentStatus: "cancelled" })]);
    const handoff = (await get<ConversationDetail>("owner", detail, "", { id: ids.handoff })).json;
    expect(handoff.status).toBe("handed_off");
    expect(handoff.actions).toEqual([expect.objectContaining({ kind: "handoff", transferPhone: "+14165550100" })]);
  });

  it("shows a call's tool calls, summary and ended reason", async () => {
    const res = await get<ConversationDetail>("owner", detail, "", { id: ids.tool });
    expect(res.json).toMatchObject({ summary: "Asked for a person.", endedReason: "assistant-forwarded-call", durationSeconds: 95 });
    expect(res.json.messages.map((m) => m.role)).toEqual(["tool"]);
    expect(res.json.actions).toEqual([expect.objectContaining({ kind: "tool", tool: "transfer_call", ok: true })]);
  });

  it("says, in model mode, when the keyword rules answered instead of the model and why", async () => {
    const keywordMode = await get<ConversationDetail>("owner", detail, "", { id: ids.booked });
    expect(keywordMode.json.messages.every((m) => m.understanding === null)).toBe(true);

    // Model mode switched on with no OpenAI key stored. Removed afterwards: the list tests count conversations.
    const { runAgentTurn } = await import("@/lib/agent");
    const { runAsTenant } = await import("@/lib/tenancy");
    const maple = env.tenants["maple-dental"].id;
    await env.admin.query(`UPDATE tenants SET settings = jsonb_set(settings, '{agent}', '{"mode": "model"}') WHERE id = $1`, [maple]);
    let conversationId = "";
    try {
      ({ conversationId } = await runAsTenant(maple, () =>
        runAgentTurn({ channel: "web", externalId: "web-model", message: "What are your opening hours?", now: NOW }),
      ));
      const res = await get<ConversationDetail>("owner", detail, "", { id: conversationId });
      expect(res.json.messages.map((m) => [m.role, m.understanding])).toEqual([
        ["caller", null],
        ["agent", { mode: "deterministic", model: null, fallback: "no_api_key" }],
      ]);
    } finally {
      await env.admin.query(`UPDATE tenants SET settings = settings - 'agent' WHERE id = $1`, [maple]);
      await env.admin.query("DELETE FROM conversations WHERE tenant_id = $1 AND external_id = 'web-model'", [maple]);
    }
  });

  it("is a 404 for another tenant's conversation, an unknown id or a malformed one", async () => {
    for (const [who, id] of [
      ["dupont", ids.booked],
      ["owner", ids.dupont],
      ["owner", "00000000-0000-4000-8000-000000000000"],
      ["owner", "not-a-uuid"],
    ] as const) {
      const res = await get(who, detail, "", { id });
      expect(res.status, `${who} ${id}`).toBe(404);
      expect(res.json.error?.code).toBe("not_found");
    }
    const own = await get<ConversationDetail>("dupont", detail, "", { id: ids.dupont });
    expect(own.status).toBe(200);
  });
});
