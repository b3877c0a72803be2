import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationFeed } from "@/lib/notifications";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { REQUEST_INFO, setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * Notifications through the real console routes. Rows are made by the
 * database triggers on what the real receptionist stores (a booking, a move,
 * a cancellation, a hand-off), fanned out to each member by their choices.
 * Sam is a member of maple-dental and of cabinet-dupont: on each host he
 * sees that workspace's notifications only, and can mark only those read.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let feed: Handler;
let markRead: Handler;
let choices: Handler;
let saveChoices: Handler;
let samOnDupont: string;

const NOW = new Date("2030-01-07T13:00:00Z");
const TOM = "+14165550199";
const PASSWORD = "a long enough passphrase";

beforeAll(async () => {
  r = await setUpConsoleRoles("notifications", { members: ["staff"], as: { staff: { name: "Sam Martin", email: "sam@both.test" } } });
  env = r.env;
  ({ GET: feed } = (await import("@/app/api/notifications/route")) as unknown as { GET: Handler });
  ({ POST: markRead } = (await import("@/app/api/notifications/read/route")) as unknown as { POST: Handler });
  ({ GET: choices, PUT: saveChoices } = (await import("@/app/api/account/notifications/route")) as unknown as { GET: Handler; PUT: Handler });

  // Sam also joins cabinet-dupont, and signs in there.
  const dupont = env.tenants["cabinet-dupont"];
  const sam = (await env.admin.query(`SELECT id FROM users WHERE email = 'sam@both.test'`)).rows[0].id as string;
  await env.admin.query(`INSERT INTO memberships (tenant_id, id, user_id, role, updated_at) VALUES ($1, gen_random_uuid(), $2, 'staff', now())`, [dupont.id, sam]);
  const { signInWithPassword } = await import("@/lib/auth/sign-in");
  const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
  const { encodeSessionToken } = await import("@/lib/auth/session-token");
  const apex = await signInWithPassword({ email: "sam@both.test", password: PASSWORD }, REQUEST_INFO);
  const url = await handoffUrl({ sessionId: apex.sid, tenantId: dupont.id, slug: dupont.slug, headers: new Headers({ host: "localhost:3000" }) });
  samOnDupont = await encodeSessionToken((await redeemHandoff(new URL(url!).searchParams.get("ticket")!, dupont.id))!.claims);
});

afterAll(async () => {
  await env?.close();
});

async function onDupont<T>(handler: Handler, method: string, body?: unknown): Promise<{ status: number; json: T }> {
  const { sessionCookieName } = await import("@/lib/auth/session-token");
  const slug = env.tenants["cabinet-dupont"].slug;
  const res = await handler(
    new NextRequest(`http://${slug}.localhost:3000/api/x`, {
      method,
      headers: { host: `${slug}.localhost:3000`, cookie: `${sessionCookieName()}=${samOnDupont}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, json: (await res.json()) as T };
}

async function talk(tenant: "maple-dental" | "cabinet-dupont", channel: "web" | "whatsapp" | "voice", externalId: string, lines: string[], callerPhone?: string) {
  const { runAgentTurn } = await import("@/lib/agent");
  const { runAsTenant } = await import("@/lib/tenancy");
  let last = null as Awaited<ReturnType<typeof runAgentTurn>> | null;
  for (const message of lines) {
    last = await runAsTenant(env.tenants[tenant].id, () => runAgentTurn({ channel, externalId, message, now: NOW, ...(callerPhone ? { callerPhone } : {}) }));
  }
  return last!;
}

const samFeed = () => r.send<NotificationFeed>("staff", feed, "GET");

describe("the receptionist's outcomes notify every member of the workspace", () => {
  it("a web booking, a WhatsApp move, a voice cancellation and a hand-off, each once, newest first", async () => {
    expect((await samFeed()).json).toEqual({ unread: 0, items: [] });
    const booked = await talk("maple-dental", "web", "web-booking", ["Can I get an exam today at 4?", "Tom Hardy", "416-555-0199", "yes please"]);
    expect(booked.reply).toContain("You're booked");
    const moved = await talk("maple-dental", "whatsapp", TOM, ["I'd like to move my appointment", "Tuesday at 10", "yes"], TOM);
    expect(moved.reply).toContain("Done");
    const cancelled = await talk("maple-dental", "voice", "call-cancel", ["please cancel my appointment", "yes"], TOM);
    expect(cancelled.reply).toContain("cancelled");
    const handoff = await talk("maple-dental", "voice", "call-handoff", ["Can you transfer me to the receptionist?"], "+14165550111");
    expect(handoff.handoff).toBe(true);
    // A question changes nothing and notifies no one.
    await talk("maple-dental", "web", "web-hours", ["What are your opening hours?"]);

    const { json } = await samFeed();
    expect(json.unread).toBe(4);
    expect(json.items.map((n) => [n.kind, n.channel])).toEqual([
      ["handoff", "voice"],
      ["cancellation", "voice"],
      ["move", "whatsapp"],
      ["booking", "web"],
    ]);
    expect(json.items[3]).toMatchObject({ service: "Checkup", conversationId: booked.conversationId, read: false });
    expect(json.items[3]!.startsAt).toBe(booked.appointment!.startsAt.toISOString());
    // The owner has the same four, as rows of their own.
    expect((await r.send<NotificationFeed>("owner", feed, "GET")).json.unread).toBe(4);
  });
});

describe("a member of two workspaces", () => {
  it("sees on each host only that workspace's notifications, and cannot mark the other's read", async () => {
    const dupontHandoff = await talk("cabinet-dupont", "web", "dupont-human", ["Can you transfer me to the receptionist?"]);
    expect(dupontHandoff.handoff).toBe(true);

    const onMaple = (await samFeed()).json;
    const onDupontFeed = (await onDupont<NotificationFeed>(feed, "GET")).json;
    expect(onDupontFeed.items.map((n) => n.kind)).toEqual(["handoff"]);
    expect(onDupontFeed.items[0]!.conversationId).toBe(dupontHandoff.conversationId);
    expect(onMaple.items.map((n) => n.conversationId)).not.toContain(dupontHandoff.conversationId);
    expect(onMaple.unread).toBe(4);

    // Maple's ids posted on dupont's host match nothing there.
    const cross = await onDupont<{ updated: number }>(markRead, "POST", { ids: onMaple.items.map((n) => n.id) });
    expect(cross).toEqual({ status: 200, json: { updated: 0 } });
    expect((await samFeed()).json.unread).toBe(4);

    // Mark one read on maple, then all: dupont's stays unread.
    const one = await r.send<{ updated: number }>("staff", markRead, "POST", { body: { ids: [onMaple.items[0]!.id] } });
    expect(one.json.updated).toBe(1);
    expect((await samFeed()).json.unread).toBe(3);
    expect((await r.send<{ updated: number }>("staff", markRead, "POST", { body: { all: true } })).json.updated).toBe(3);
    expect((await samFeed()).json.items.every((n) => n.read)).toBe(true);
    expect((await onDupont<NotificationFeed>(feed, "GET")).json.unread).toBe(1);
    // Sam's reads are his own: the owner's are still unread.
    expect((await r.send<NotificationFeed>("owner", feed, "GET")).json.unread).toBe(4);
  });

  it("refuses a malformed mark-read naming the field", async () => {
    const bad = await r.send("staff", markRead, "POST", { body: { ids: ["nope"] } });
    expect(bad.status).toBe(400);
  });
});

describe("choices", () => {
  it("email for bookings only, console off for hand-offs: the next booking is emailed once, the hand-off stays out of the bell", async () => {
    const initial = await r.send<Record<string, { inConsole: boolean; email: boolean }>>("staff", choices, "GET");
    expect(initial.json.booking).toEqual({ inConsole: true, email: false });
    const next = {
      handoff: { inConsole: false, email: false },
      booking: { inConsole: true, email: true },
      move: { inConsole: true, email: false },
      cancellation: { inConsole: true, email: false },
    };
    expect((await r.send("staff", saveChoices, "PUT", { body: next })).status).toBe(200);
    expect((await r.send("staff", choices, "GET")).json).toEqual(next);
    // Sam's choice on maple leaves his dupont choices alone.
    expect((await onDupont<Record<string, { email: boolean }>>(choices, "GET")).json.booking!.email).toBe(false);

    const before = (await samFeed()).json.items.length;
    const booked = await talk("maple-dental", "web", "web-booking-2", ["Can I get an exam today at 2?", "Ann Lee", "416-555-0142", "yes please"]);
    expect(booked.reply).toContain("You're booked");
    await talk("maple-dental", "voice", "call-handoff-2", ["Can you transfer me to the receptionist?"], "+14165550112");

    const items = (await samFeed()).json.items;
    expect(items.length).toBe(before + 1);
    expect(items[0]!.kind).toBe("booking");

    const { sendPendingNotificationEmails } = await import("@/lib/notifications");
    const { tenantDb } = await import("@/lib/db");
    const { runAsTenant } = await import("@/lib/tenancy");
    const maple = env.tenants["maple-dental"];
    const mailSql = `SELECT subject, text_body FROM email_outbox WHERE tenant_id = $1 AND kind = 'notification' AND to_address = 'sam@both.test'`;
    // The turn started a drain after answering; it claimed the row, so later drains find nothing to send.
    await expect.poll(async () => (await env.admin.query(mailSql, [maple.id])).rows.length).toBe(1);
    await runAsTenant(maple.id, () => sendPendingNotificationEmails(tenantDb()));
    await runAsTenant(maple.id, () => sendPendingNotificationEmails(tenantDb()));
    const mail = await env.admin.query(mailSql, [maple.id]);
    expect(mail.rows).toHaveLength(1);
    expect(mail.rows[0].subject).toMatch(/New booking by the receptionist/);
    expect(mail.rows[0].text_body).toContain("Checkup, Jan 7, 2030, 2:00 PM (Web chat)");
    expect(mail.rows[0].text_body).toContain(`/conversations/${booked.conversationId}`);
  });

  it("refuses choices missing a kind", async () => {
    const bad = await r.send("staff", saveChoices, "PUT", { body: { booking: { inConsole: true, email: true } } });
    expect(bad.status).toBe(400);
  });
});
