import { afterAll, beforeAll, expect, it } from "vitest";
import { chatResponseSchema, type ChatResponse } from "@/lib/channels/web-chat-contract";
import { hashWidgetKey } from "@/lib/channels/widget-key";
import { createPool } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { setUpCells, type CellsTestEnv } from "../cells/cells-env";

/*
 * Issue 16's live move under load, through the public web chat: 20 visitors
 * each hold a booking dialogue with the real POST /api/v1/chat handler (the
 * tenant's widget key, the receptionist's own questions) while maple-dental
 * moves from the `default` cell (the control plane's database on the shared
 * server) to the `ch` cell (a cluster of the test's own). Every visitor has
 * turns before the move, during the pre-copy, at the freeze and after the
 * flip. Afterwards every booking a visitor was told is confirmed is in the
 * new cell exactly once, the old cell keeps nothing of the tenant but the
 * control plane's lookup copies, no request failed, and a late write in the
 * old cell is refused.
 */

const VISITORS = 20;
const TIME_ZONE = "America/Toronto";
let env: CellsTestEnv;
let chat: (request: Request) => Promise<Response>;

beforeAll(async () => {
  // More connections than turns at once: a turn's transaction holds one while its calendar lookup takes another.
  env = await setUpCells("livemove", { poolSize: 24 });
  // Twenty visitors served at once (as by several processes): the wait measured is the freeze's, not the per-process queue's.
  process.env.CHANNEL_TENANT_CONCURRENCY = "20";
  // A loaded two-core test machine runs the twenty turns released by the flip at once.
  process.env.REQUEST_DEADLINE_MS = "30000";
  ({ POST: chat } = await import("@/app/api/v1/chat/route"));
}, 120_000);

afterAll(async () => {
  delete process.env.CHANNEL_TENANT_CONCURRENCY;
  delete process.env.REQUEST_DEADLINE_MS;
  await env?.close();
});

const maple = () => env.tenants["maple-dental"];

interface Timed {
  round: number;
  visitor: number;
  turn: number;
  startedAt: number;
  endedAt: number;
  status: number;
}

const requests: Timed[] = [];

/** Visitors type at different moments: at most this many messages are on their way at once, except at the freeze. */
const TYPING = 5;
let typing = 0;
const waitingToType: Array<() => void> = [];
async function typingSlot(): Promise<() => void> {
  while (typing >= TYPING) await new Promise<void>((resolve) => waitingToType.push(resolve));
  typing++;
  return () => {
    typing--;
    waitingToType.shift()?.();
  };
}

let round = 0;

async function send(visitor: number, turn: number, body: { conversationId?: string; message: string }): Promise<ChatResponse> {
  const startedAt = performance.now();
  const res = await chat(
    new Request("http://127.0.0.1:3000/api/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant-key": maple().widgetKey },
      body: JSON.stringify({ ...body, locale: "en" }),
    }),
  );
  const text = await res.text();
  requests.push({ round, visitor, turn, startedAt, endedAt: performance.now(), status: res.status });
  if (res.status !== 200) throw new Error(`visitor ${visitor}, turn ${turn}: ${res.status} ${text}`);
  return chatResponseSchema.parse(JSON.parse(text));
}

/** The next weekdays in Toronto from a week ahead, as the parser reads them ("March 3rd"). */
function bookingDays(count: number): Array<{ words: string; date: string }> {
  const out: Array<{ words: string; date: string }> = [];
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, weekday: "short", month: "long", day: "numeric", year: "numeric" });
  for (let d = 7; out.length < count; d++) {
    const parts = Object.fromEntries(fmt.formatToParts(new Date(Date.now() + d * 86_400_000)).map((p) => [p.type, p.value]));
    if (parts.weekday === "Sat" || parts.weekday === "Sun") continue;
    const day = Number(parts.day);
    const suffix = day % 10 === 1 && day !== 11 ? "st" : day % 10 === 2 && day !== 12 ? "nd" : day % 10 === 3 && day !== 13 ? "rd" : "th";
    out.push({ words: `${parts.month} ${day}${suffix}`, date: `${parts.year}-${parts.month}-${day}` });
  }
  return out;
}

interface Visitor {
  name: string;
  phone: string;
  opening: string;
  request: string;
  yes: string;
}

const FIRST = ["Ava", "Noah", "Mia", "Liam", "Zoe", "Ethan", "Lea", "Omar", "Nina", "Owen", "Ruby", "Hugo", "Iris", "Felix", "Jade", "Leo", "Maya", "Theo", "Cleo", "Adam"];
const LAST = ["Martin", "Nguyen", "Singh", "Roy", "Park", "Cohen", "Gagnon", "Haddad", "Lopez", "Wong"];
const OPENINGS = ["Hi there", "Hello, do you accept insurance?", "Good morning, is there parking?", "Hi! What are your hours?", "Hello"];
const YES = ["yes", "yes please", "yes, book it", "sure", "that's right"];

/** Round 0 and 1 book on different days, under different names and numbers. */
function visitors(round: number): Visitor[] {
  const days = bookingDays(8).slice(round * 4, round * 4 + 4);
  return Array.from({ length: VISITORS }, (_, i) => {
    const day = days[i % days.length]!;
    // Pairs of visitors ask for the same slot (i and i + 10): one of each pair is told it is taken.
    const hour = 9 + (i % 10) * 0.5 + (i % 3 === 0 ? 0.25 : 0);
    const h = Math.floor(hour);
    const m = Math.round((hour - h) * 60);
    const clock = `${h > 12 ? h - 12 : h}${m ? `:${String(m).padStart(2, "0")}` : ""} ${h >= 12 ? "pm" : "am"}`;
    const service = i % 2 ? "cleaning" : "checkup";
    const phrasing = [
      `I'd like a ${service} on ${day.words} at ${clock}`,
      `Can I book a ${service} on ${day.words} at ${clock}?`,
      `I need a ${service}, ${day.words} at ${clock} if possible`,
      `Please book me a ${service} on ${day.words} at ${clock}`,
    ][i % 4]!;
    return {
      name: `${FIRST[i]} ${LAST[(i + round * 3) % LAST.length]}`,
      phone: `416-555-${String(3100 + round * 100 + i).padStart(4, "0")}`,
      opening: OPENINGS[i % OPENINGS.length]!,
      request: phrasing,
      yes: YES[i % YES.length]!,
    };
  });
}

/** What a visitor says to the receptionist's last reply; null once booked. */
function answer(v: Visitor, reply: string, choice: number): string | null {
  if (/You're booked/.test(reply)) return null;
  if (/Shall I book it\?/.test(reply)) return v.yes;
  if (/phone number/.test(reply)) return v.phone;
  if (/What name/.test(reply)) return v.name;
  if (/Which (would you prefer|one suits you)|Which of these/.test(reply)) return ["the first one", "the second one", "the last one"][choice % 3]!;
  throw new Error(`unexpected reply: ${reply}`);
}

interface Outcome {
  visitor: Visitor;
  conversationId: string;
  turns: number;
  confirmed: ChatResponse["appointment"];
  transcript: string[];
}

type Where = "controlPlane" | "ch";
const DATABASE: Record<string, Where> = { default: "controlPlane", ch: "ch" };
/** Every booking confirmed so far, in every round: all of them must be in the tenant's current cell. */
const allConfirmed: Outcome[] = [];
const allOutcomes: Outcome[] = [];

/**
 * One round: 20 visitors book while maple-dental moves `from` → `to`. Each
 * visitor's turns: two before the move, one during the pre-copy, one at the
 * freeze (odd visitors as it is asked, even ones once it holds), the rest
 * after the flip.
 */
async function liveMove(from: string, to: string): Promise<void> {
  const list = visitors(round);
  const gates = { precopy: deferred(), freeze: deferred(), frozen: deferred(), moved: deferred() };
  const marks: Record<string, number> = {};
  const midDialogue = new Set<number>();

  async function converse(i: number): Promise<Outcome> {
    const v = list[i]!;
    const transcript: string[] = [];
    let turns = 0;
    const say = async (message: string, conversationId?: string, atOnce = false) => {
      turns++;
      const release = atOnce ? () => undefined : await typingSlot();
      const r = await send(i, turns, { message, ...(conversationId ? { conversationId } : {}) }).finally(release);
      transcript.push(`> ${message}`, `< ${r.reply}`);
      return r;
    };
    const first = await say(v.opening);
    const conversationId = first.conversationId!;
    let last = await say(v.request, conversationId);
    midDialogue.add(i);
    const stages = [gates.precopy, i % 2 ? gates.freeze : gates.frozen, gates.moved];
    let choice = i;
    for (let stage = 0; ; stage++) {
      await stages[Math.min(stage, stages.length - 1)]!.promise;
      const next = answer(v, last.reply, choice++);
      if (next === null) break;
      if (turns > 12) throw new Error(`visitor ${i} never got booked:\n${transcript.join("\n")}`);
      // The freeze turns go at once, as visitors would: they all wait for the flip together.
      last = await say(next, conversationId, stage === 1);
    }
    return { visitor: v, conversationId, turns, confirmed: last.appointment, transcript };
  }

  const { freezeTenant, flipTenantCell, unfreezeTenant, cellIsControlPlane, cellUrls, startDirectorySync } = await import("@/lib/cells");
  const { archiveMacKeys, currentArchiveKey } = await import("@/lib/tenant-data");
  const { moveTenant } = await import("@/lib/tenant-data/move");
  const tenantId = maple().id;
  const sync = await startDirectorySync();
  let report: Awaited<ReturnType<typeof moveTenant>>;
  let outcomes: Outcome[];
  try {
    const conversations = list.map((_, i) => converse(i));
    // A visitor that fails stops the test only once every conversation has settled (nothing left in flight at teardown).
    const settled = Promise.allSettled(conversations);
    const failed = () => settled.then((all) => all.find((r): r is PromiseRejectedResult => r.status === "rejected"));
    while (midDialogue.size < VISITORS) {
      const done = await Promise.race([settled.then(() => true), new Promise<false>((r) => setImmediate(() => r(false)))]);
      if (done) throw (await failed())!.reason;
    }

    marks.moveStart = performance.now();
    gates.precopy.resolve();
    report = await moveTenant({
      tenant: { id: tenantId, slug: "maple-dental" },
      from: { name: from, ownerUrl: cellUrls(from).owner, isControlPlane: cellIsControlPlane(from) },
      to: { name: to, ownerUrl: cellUrls(to).owner, isControlPlane: cellIsControlPlane(to) },
      controlPlaneUrl: env.controlPlane.adminUrl,
      directory: {
        freeze: async (id) => {
          marks.freezeAsked = performance.now();
          gates.freeze.resolve();
          await freezeTenant(id);
          marks.frozen = performance.now();
          gates.frozen.resolve();
        },
        unfreeze: unfreezeTenant,
        flip: async (id, cell) => {
          await flipTenantCell(id, cell);
          marks.flipped ??= performance.now();
        },
      },
      mac: currentArchiveKey(),
      keys: archiveMacKeys(),
    }).finally(() => gates.moved.resolve());
    const failure = await failed();
    if (failure) throw failure.reason;
    outcomes = await Promise.all(conversations);
    await sync.settled();
  } finally {
    await sync.stop();
  }
  const confirmed = outcomes.filter((o) => o.confirmed?.status === "booked");
  allConfirmed.push(...confirmed);
  allOutcomes.push(...outcomes);
  const [home, away] = [DATABASE[to]!, DATABASE[from]!];

  // Every booking a visitor was ever told about: in the new cell exactly once, with its client, time and service.
  const stored = await env.sql<{ id: string; starts_at: Date; ends_at: Date; service: string; name: string; phone: string }>(
    home,
    `SELECT a.id, a.starts_at, a.ends_at, s.name AS service, c.name, c.phone
     FROM appointments a JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
     JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id WHERE a.tenant_id = $1 AND a.status = 'booked'`,
    [tenantId],
  );
  const byId = new Map(stored.map((r) => [r.id, r]));
  const lost = allConfirmed.filter((o) => !byId.has(o.confirmed!.id)).map((o) => `${o.visitor.name} ${o.confirmed!.startsAt}`);
  for (const o of allConfirmed.filter((c) => byId.has(c.confirmed!.id))) {
    const row = byId.get(o.confirmed!.id)!;
    expect(row.starts_at.getTime()).toBe(Date.parse(o.confirmed!.startsAt));
    expect(row.ends_at.getTime()).toBe(Date.parse(o.confirmed!.endsAt));
    expect(row.service).toBe(o.confirmed!.service);
    expect(row.name).toBe(o.visitor.name);
    expect(row.phone).toBe(`+1${o.visitor.phone.replace(/-/g, "")}`);
  }
  const duplicates = stored.length - new Set(stored.map((r) => `${r.phone} ${r.starts_at.toISOString()}`)).size;
  expect(lost).toEqual([]);
  expect(duplicates).toBe(0);
  // Nothing booked that no visitor was told about.
  expect(stored.map((r) => r.id).sort()).toEqual(allConfirmed.map((o) => o.confirmed!.id).sort());
  // Every conversation is whole in the new cell: two messages per turn.
  const convs = await env.sql<{ id: string; messages: number }>(
    home,
    `SELECT c.id, (SELECT count(*)::int FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id) AS messages
     FROM conversations c WHERE c.tenant_id = $1`,
    [tenantId],
  );
  expect(Object.fromEntries(convs.map((c) => [c.id, c.messages]))).toEqual(Object.fromEntries(allOutcomes.map((o) => [o.conversationId, 2 * o.turns])));
  // Not one request failed: those made during the freeze waited for the flip.
  expect(requests.filter((r) => r.round === round && r.status !== 200)).toEqual([]);

  // The old cell keeps nothing of the tenant; the control plane, its lookup copies, equal to the cell's.
  const { cellTables, LOOKUP_COPIES } = await import("@/lib/cells");
  const catalog = { query: async (text: string) => ({ rows: await env.sql(away, text) }) };
  const leftovers: Record<string, number> = {};
  for (const table of await cellTables(catalog as never)) {
    const count = async (where: Where) => (await env.sql<{ n: number }>(where, `SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1`, [tenantId]))[0]!.n;
    const n = await count(away);
    if (away === "controlPlane" && (LOOKUP_COPIES as readonly string[]).includes(table)) expect(n, `${table}: lookup copy`).toBe(await count(home));
    else if (n) leftovers[table] = n;
  }
  expect(leftovers).toEqual({});
  // …so a widget key is still routed, to the new cell, by a process that has forgotten it.
  const [route] = await env.sql("controlPlane", "SELECT tenant_id, cell FROM resolve_channel_route_cell('web', $1)", [hashWidgetKey(maple().widgetKey)]);
  expect(route).toEqual({ tenant_id: tenantId, cell: to });
  if (away !== "controlPlane") {
    // A write still aimed at the old cell (a process whose directory entry is stale) finds no tenant row there.
    expect(await env.sql(away, "SELECT id FROM tenants WHERE id = $1", [tenantId])).toEqual([]);
    const stale = createPool({ url: env.ch.appUrl, max: 1 });
    try {
      await expect(
        runAsTenant(tenantId, () => stale.query("INSERT INTO clients (name, phone, updated_at) VALUES ('Late Visitor', '+14165559999', now())")),
      ).rejects.toThrow(/foreign key/);
    } finally {
      await stale.end();
    }
  }

  // The move's own record (what the console shows) gives the freeze; the chat requests, the waits.
  const moves = await env.sql<{ to_cell: string; phase: string; freeze_ms: number; rows_copied: number }>(
    "controlPlane",
    "SELECT to_cell, phase, freeze_ms, rows_copied FROM tenant_moves WHERE tenant_id = $1 ORDER BY started_at",
    [tenantId],
  );
  expect(moves[round]).toEqual({ to_cell: to, phase: "done", freeze_ms: report.freezeMs, rows_copied: report.rows });
  expect(await env.sql("controlPlane", "SELECT cell, cell_state FROM tenants WHERE id = $1", [tenantId])).toEqual([{ cell: to, cell_state: "serving" }]);

  const mine = requests.filter((r) => r.round === round);
  const duringFreeze = mine.filter((r) => r.startedAt < marks.flipped! && r.endedAt > marks.frozen!);
  const maxWait = Math.max(0, ...duringFreeze.map((r) => r.endedAt - r.startedAt));
  const stage = {
    before: mine.filter((r) => r.endedAt <= marks.moveStart!).length,
    precopy: mine.filter((r) => r.startedAt >= marks.moveStart! && r.startedAt < marks.freezeAsked!).length,
    after: mine.filter((r) => r.startedAt >= marks.flipped!).length,
  };
  console.log(
    `[live-move] ${from} → ${to}: ${VISITORS} conversations, ${confirmed.length} bookings confirmed, freeze ${report.freezeMs} ms, ` +
      `max chat wait ${Math.round(maxWait)} ms, ${lost.length} lost, ${duplicates} duplicates ` +
      `(${mine.length} chat requests: ${stage.before} before the move, ${stage.precopy} during the pre-copy, ${duringFreeze.length} across the freeze, ` +
      `${stage.after} after the flip; pre-copy ${report.precopyMs} ms; ${report.rows} rows in ${report.tables} tables)`,
  );
  expect(confirmed.length).toBeGreaterThanOrEqual(VISITORS / 2);
  expect(duringFreeze.length).toBeGreaterThan(0);
  round++;
}

it("moves a tenant from the shared server to the second cluster while 20 web-chat visitors book", async () => {
  await liveMove("default", "ch");
}, 120_000);

it("and back, under 20 more visitors: the old cell then has no tenant row, and a late write there is refused", async () => {
  await liveMove("ch", "default");
}, 120_000);

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
