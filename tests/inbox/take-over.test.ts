import { randomBytes } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatResponseSchema, chatUpdatesResponseSchema } from "@/lib/channels/web-chat-contract";
import type { SendWhatsApp, WhatsAppOutbound } from "@/lib/inbox";
import { PUBLIC_URL, type ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * The hand-off inbox through the real routes: the public chat and the signed
 * WhatsApp webhook on one side, the console's inbox routes with a member's
 * session on the other. A take-over silences the receptionist on that
 * conversation only; a staff reply reaches the widget (web) or goes through
 * the WhatsApp seam once, inside the 24-hour window; Resolve hands back.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let chat: (req: Request) => Promise<Response>;
let updates: (req: Request) => Promise<Response>;
let whatsapp: (req: Request) => Promise<Response>;
let routes: {
  list: Handler;
  detail: Handler;
  takeOver: Handler;
  resolve: Handler;
  reply: Handler;
  calledBack: Handler;
};
let inboxRoutes: typeof import("@/lib/inbox").inboxRoutes;

const SENDER = "+15145550123";

beforeAll(async () => {
  r = await setUpConsoleRoles("inbox-take-over", { members: ["staff", "viewer"], as: { staff: { name: "Sam Martin" } } });
  env = r.env;
  ({ POST: chat } = await import("@/app/api/v1/chat/route"));
  ({ POST: updates } = await import("@/app/api/v1/chat/updates/route"));
  ({ POST: whatsapp } = await import("@/app/api/webhooks/whatsapp/route"));
  const h = (m: Record<string, unknown>, name: string) => m[name] as Handler;
  routes = {
    list: h(await import("@/app/api/inbox/route"), "GET"),
    detail: h(await import("@/app/api/inbox/[id]/route"), "GET"),
    takeOver: h(await import("@/app/api/inbox/[id]/take-over/route"), "POST"),
    resolve: h(await import("@/app/api/inbox/[id]/resolve/route"), "POST"),
    reply: h(await import("@/app/api/inbox/[id]/reply/route"), "POST"),
    calledBack: h(await import("@/app/api/inbox/[id]/called-back/route"), "POST"),
  };
  ({ inboxRoutes } = await import("@/lib/inbox"));
});

afterAll(async () => {
  await env?.close();
});

const maple = () => env.tenants["maple-dental"];
const dupont = () => env.tenants["cabinet-dupont"];

async function say(message: string, conversationId?: string, key = maple().widgetKey) {
  const res = await chat(
    new Request("http://127.0.0.1:3000/api/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant-key": key },
      body: JSON.stringify({ message, locale: "en", ...(conversationId ? { conversationId } : {}) }),
    }),
  );
  expect(res.status, await res.clone().text()).toBe(200);
  return chatResponseSchema.parse(await res.json());
}

async function poll(conversationId: string, after?: string, key = maple().widgetKey) {
  return updates(
    new Request("http://127.0.0.1:3000/api/v1/chat/updates", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant-key": key },
      body: JSON.stringify({ conversationId, ...(after ? { after } : {}) }),
    }),
  );
}

function inbound(body: string, extra: Record<string, string> = {}) {
  const sid = extra.MessageSid ?? "SM" + randomBytes(16).toString("hex");
  const params: Record<string, string> = {
    SmsMessageSid: sid,
    SmsSid: sid,
    MessageSid: sid,
    NumMedia: "0",
    Body: body,
    To: `whatsapp:${maple().whatsappNumber}`,
    From: `whatsapp:${SENDER}`,
    WaId: SENDER.slice(1),
    AccountSid: "AC" + randomBytes(16).toString("hex"),
    ProfileName: "Léa Martin",
    ...extra,
  };
  const signature = getExpectedTwilioSignature(maple().twilioToken, PUBLIC_URL + "/api/webhooks/whatsapp", params);
  return whatsapp(
    new Request("http://127.0.0.1:3000/api/webhooks/whatsapp", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params).toString(),
    }),
  );
}

const count = async (sql: string, values: unknown[]) => Number((await env.admin.query(sql, values)).rows[0].n);
const messagesOf = (conversationId: string, role: string) =>
  count(`SELECT count(*) AS n FROM messages WHERE conversation_id = $1 AND role = $2`, [conversationId, role]);

describe("web chat", () => {
  let id = "";

  it("the receptionist answers until a member takes over; then the visitor's messages are stored, unanswered", async () => {
    const first = await say("What are your opening hours?");
    id = first.conversationId!;
    expect(first.reply.length).toBeGreaterThan(0);
    expect(first.heldByTeam).toBe(false);

    // A viewer reads conversations but may not take one over.
    expect((await r.send("viewer", routes.takeOver, "POST", { params: { id } })).status).toBe(403);
    const taken = await r.send("staff", routes.takeOver, "POST", { params: { id } });
    expect(taken.status, taken.text).toBe(200);

    const agentBefore = await messagesOf(id, "agent");
    const held = await say("Hello? I would like to speak to someone", id);
    expect(held).toMatchObject({ conversationId: id, reply: "", heldByTeam: true, handoff: false, appointment: null });
    expect(await messagesOf(id, "agent")).toBe(agentBefore);
    const stored = await env.admin.query(`SELECT content FROM messages WHERE conversation_id = $1 AND role = 'caller' ORDER BY created_at DESC LIMIT 1`, [id]);
    expect(stored.rows[0].content).toBe("Hello? I would like to speak to someone");

    // Taken over, the conversation is in the inbox, and its transcript shows the message.
    const list = await r.send<{ conversations: Array<{ id: string; takenOver: boolean }>; count: number }>("staff", routes.list, "GET");
    expect(list.json.conversations.find((c) => c.id === id)?.takenOver).toBe(true);
    const detail = await r.send<{ messages: Array<{ role: string; content: string }> }>("staff", routes.detail, "GET", { params: { id } });
    expect(detail.json.messages.at(-1)).toMatchObject({ role: "caller", content: "Hello? I would like to speak to someone" });
  });

  it("a staff reply reaches the widget as the member's first name, once, and only with this widget's key", async () => {
    const before = await poll(id);
    const empty = chatUpdatesResponseSchema.parse(await before.json());
    expect(empty).toEqual({ heldByTeam: true, messages: [] });

    const sent = await r.send<{ channel: string; delivery: string }>("staff", routes.reply, "POST", { params: { id }, body: { text: "Hi, Sam here. How can I help?" } });
    expect(sent.status, sent.text).toBe(201);
    expect(sent.json).toMatchObject({ channel: "web", delivery: "widget" });

    const got = chatUpdatesResponseSchema.parse(await (await poll(id)).json());
    expect(got.messages).toHaveLength(1);
    expect(got.messages[0]).toMatchObject({ author: "Sam", text: "Hi, Sam here. How can I help?" });
    // The cursor: nothing new after the last message.
    expect(chatUpdatesResponseSchema.parse(await (await poll(id, got.messages[0]!.at)).json()).messages).toEqual([]);

    // Another tenant's key does not reach this conversation; nor does a made-up id.
    expect((await poll(id, undefined, dupont().widgetKey)).status).toBe(404);
    expect((await poll("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const bad = await poll("not-a-conversation");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("conversationId");

    // The console's own steps never reach the visitor.
    const steps = await env.admin.query(`SELECT metadata->>'step' AS step FROM messages WHERE conversation_id = $1 AND role = 'staff' ORDER BY created_at`, [id]);
    expect(steps.rows.map((s) => s.step)).toEqual(["take_over", "reply"]);
  });

  it("an empty reply or a reply to a conversation not taken over is refused, naming why", async () => {
    const blank = await r.send("staff", routes.reply, "POST", { params: { id }, body: { text: "   " } });
    expect(blank.status).toBe(400);
    expect(blank.json.error?.field).toBe("text");
    const other = await say("Where are you located?");
    const refused = await r.send<{ error: { reason: string } }>("staff", routes.reply, "POST", { params: { id: other.conversationId! }, body: { text: "hi" } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.reason).toBe("not_taken_over");
    // Another tenant's owner cannot see or act on it.
    expect((await r.send("dupont", routes.takeOver, "POST", { params: { id } })).status).toBe(404);
  });

  it("after Resolve the receptionist answers again and the conversation leaves the inbox", async () => {
    const resolved = await r.send("staff", routes.resolve, "POST", { params: { id } });
    expect(resolved.status, resolved.text).toBe(200);
    const again = await say("What is your address?", id);
    expect(again.heldByTeam).toBe(false);
    expect(again.reply.length).toBeGreaterThan(0);
    const list = await r.send<{ conversations: Array<{ id: string }> }>("staff", routes.list, "GET");
    expect(list.json.conversations.map((c) => c.id)).not.toContain(id);

    const audit = await env.admin.query(`SELECT action FROM audit_events WHERE target = $1 ORDER BY created_at`, [`conversation:${id}`]);
    expect(audit.rows.map((a) => a.action)).toEqual(["conversation.taken_over", "conversation.staff_replied", "conversation.resolved"]);
  });
});

describe("WhatsApp", () => {
  let id = "";
  const sends: WhatsAppOutbound[] = [];
  const fake: SendWhatsApp = async (message) => {
    sends.push(message);
    return { providerMessageId: "SM" + randomBytes(16).toString("hex") };
  };

  it("the receptionist answers, then stays silent once a member takes over", async () => {
    const first = await inbound("Hello, what are your opening hours?");
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("<Message>");
    id = (await env.admin.query(`SELECT id FROM conversations WHERE tenant_id = $1 AND channel = 'whatsapp' AND external_id = $2`, [maple().id, SENDER])).rows[0].id;

    expect((await r.send("staff", routes.takeOver, "POST", { params: { id } })).status).toBe(200);
    const agentBefore = await messagesOf(id, "agent");
    const held = await inbound("Can a person call me?");
    expect(held.status).toBe(200);
    expect(await held.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await messagesOf(id, "agent")).toBe(agentBefore);
    expect(await messagesOf(id, "caller")).toBe(2);
    // A photo alone gets no "text only" answer from the receptionist either.
    const media = await inbound("", { NumMedia: "1", MessageSid: "MM" + randomBytes(16).toString("hex") });
    expect(await media.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it("a staff reply calls the WhatsApp seam exactly once with the tenant and the client's number", async () => {
    const reply = inboxRoutes(fake).reply as unknown as Handler;
    const sent = await r.send("staff", reply, "POST", { params: { id }, body: { text: "Hello Léa, Sam from the clinic." } });
    expect(sent.status, sent.text).toBe(201);
    expect(sends).toEqual([{ tenantId: maple().id, to: SENDER, body: "Hello Léa, Sam from the clinic." }]);
    const stored = await env.admin.query(`SELECT content, external_id FROM messages WHERE conversation_id = $1 AND role = 'staff' AND metadata->>'step' = 'reply'`, [id]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].external_id).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("outside the 24-hour window the reply is refused with the reason, and nothing is sent or stored", async () => {
    const reply = inboxRoutes(fake, () => new Date(Date.now() + 24 * 3600_000 + 60_000)).reply as unknown as Handler;
    const refused = await r.send<{ error: { code: string; reason: string; message: string } }>("staff", reply, "POST", { params: { id }, body: { text: "Are you still there?" } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.reason).toBe("whatsapp_window_closed");
    expect(refused.json.error.message).toMatch(/24 hours/);
    expect(sends).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM messages WHERE conversation_id = $1 AND content = 'Are you still there?'`, [id])).toBe(0);

    // Just inside the window, it goes.
    const inside = inboxRoutes(fake, () => new Date(Date.now() + 23 * 3600_000)).reply as unknown as Handler;
    expect((await r.send("staff", inside, "POST", { params: { id }, body: { text: "Still here!" } })).status).toBe(201);
    expect(sends).toHaveLength(2);
  });

  it("the app's own route says when WhatsApp sending is not connected, and sends nothing", async () => {
    const refused = await r.send<{ error: { reason: string } }>("staff", routes.reply, "POST", { params: { id }, body: { text: "hello" } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.reason).toBe("whatsapp_not_configured");
  });

  it("after Resolve the receptionist answers the next message", async () => {
    expect((await r.send("staff", routes.resolve, "POST", { params: { id } })).status).toBe(200);
    const next = await inbound("What is your address?");
    expect(await next.text()).toContain("<Message>");
  });
});

describe("voice", () => {
  it("a handed-off call is a call-back task with the caller's number; reaching them resolves it", async () => {
    const { runAgentTurn } = await import("@/lib/agent");
    const { runAsTenant } = await import("@/lib/tenancy");
    const turn = await runAsTenant(maple().id, () =>
      runAgentTurn({ channel: "voice", externalId: "call-back-1", message: "Can you transfer me to the receptionist?", callerPhone: "+14165550111" }),
    );
    expect(turn.handoff).toBe(true);
    const id = turn.conversationId;
    const detail = await r.send<{ phone: string; channel: string }>("staff", routes.detail, "GET", { params: { id } });
    expect(detail.json).toMatchObject({ channel: "voice", phone: "+14165550111" });

    const noReply = await r.send<{ error: { reason: string } }>("staff", routes.calledBack, "POST", { params: { id }, body: { outcome: "maybe" } });
    expect(noReply.status).toBe(400);
    expect((await r.send("staff", routes.calledBack, "POST", { params: { id }, body: { outcome: "no_answer" } })).status).toBe(200);
    let list = await r.send<{ conversations: Array<{ id: string }> }>("staff", routes.list, "GET");
    expect(list.json.conversations.map((c) => c.id)).toContain(id);
    expect((await r.send("staff", routes.calledBack, "POST", { params: { id }, body: { outcome: "reached" } })).status).toBe(200);
    list = await r.send<{ conversations: Array<{ id: string }> }>("staff", routes.list, "GET");
    expect(list.json.conversations.map((c) => c.id)).not.toContain(id);
    const outcomes = await env.admin.query(`SELECT metadata->>'outcome' AS o FROM messages WHERE conversation_id = $1 AND role = 'staff' ORDER BY created_at`, [id]);
    expect(outcomes.rows.map((o) => o.o)).toEqual(["no_answer", "reached"]);
  });
});
