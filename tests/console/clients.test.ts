import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, isoWeekday, wallClockAt } from "@/lib/booking/local-time";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * The Clients console through its real route handlers: search by name, email
 * or a phone typed in any common format; edits with E.164 numbers unique per
 * tenant (409 on a clash); deletion erases the client, their appointments and
 * their conversations with every message, and is audited with counts only;
 * viewers are refused, staff allowed; another tenant's client is a 404.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
const TZ = "America/Toronto";

let routes: Record<"appointments" | "clients" | "client", Record<string, Handler>>;
let checkup: string;
/** A Monday a few weeks ahead (so never in the past), on Maple Dental's clock. */
let monday: string;

beforeAll(async () => {
  r = await setUpConsoleRoles("clients", { members: ["viewer", "staff"] });
  env = r.env;
  const maple = env.tenants["maple-dental"];
  routes = {
    appointments: (await import("@/app/api/appointments/route")) as never,
    clients: (await import("@/app/api/clients/route")) as never,
    client: (await import("@/app/api/clients/[id]/route")) as never,
  };
  checkup = (await env.admin.query<{ id: string }>(`SELECT id FROM services WHERE tenant_id = $1 AND name = 'Checkup'`, [maple.id])).rows[0]!.id;
  const in3Weeks = wallClockAt(new Date(Date.now() + 21 * 86_400_000), TZ).date;
  monday = addDays(in3Weeks, 1 - isoWeekday(in3Weeks));
}, 120_000);

afterAll(async () => {
  await env?.close();
});

async function send(who: Who, route: keyof typeof routes, method: string, body?: unknown, params: Record<string, string> = {}, search = "") {
  return r.send(who, routes[route][method]!, method, { body, params, search });
}

const MAPLE = () => env.tenants["maple-dental"].id;

async function createClient(body: Record<string, unknown>) {
  const res = await send("owner", "clients", "POST", body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.id as string;
}

async function search(q: string, who: Who = "owner") {
  const res = await send(who, "clients", "GET", undefined, {}, `?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (res.json.clients as Array<{ id: string; name: string; phone: string | null }>).map((c) => c.name);
}

let jane: string;
let omar: string;

describe("directory", () => {
  it("creates clients with phones normalised to E.164", async () => {
    jane = await createClient({ name: "Jane Roe", phone: "(416) 555-0142", email: "Jane.Roe@Example.com", notes: "Prefers mornings" });
    omar = await createClient({ name: "Omar Haddad", phone: "+1 647 555 0199" });
    await createClient({ name: "Janet Li" });
    const rows = await env.admin.query(`SELECT name, phone, email FROM clients WHERE tenant_id = $1 ORDER BY name`, [MAPLE()]);
    expect(rows.rows).toEqual([
      { name: "Jane Roe", phone: "+14165550142", email: "jane.roe@example.com" },
      { name: "Janet Li", phone: null, email: null },
      { name: "Omar Haddad", phone: "+16475550199", email: null },
    ]);
    // The other tenant has a client with a matching name: it must never show up.
    await env.admin.query(`INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Jane Dupuis', '+41225550142', now())`, [
      env.tenants["cabinet-dupont"].id,
    ]);
  });

  it.each([
    ["jane", ["Jane Roe", "Janet Li"]],
    ["ROE", ["Jane Roe"]],
    ["example.com", ["Jane Roe"]],
    ["(416) 555-0142", ["Jane Roe"]],
    ["416.555.0142", ["Jane Roe"]],
    ["+1 416 555 0142", ["Jane Roe"]],
    ["5550199", ["Omar Haddad"]],
    ["0142", ["Jane Roe"]],
    ["nobody", []],
  ])("search %j finds %j and nothing of another tenant", async (q, names) => {
    expect(await search(q)).toEqual(names);
  });

  it("lists everyone for an empty search, viewers included, and refuses an oversized query", async () => {
    expect(await search("", "viewer")).toEqual(["Jane Roe", "Janet Li", "Omar Haddad"]);
    const res = await send("owner", "clients", "GET", undefined, {}, `?q=${"x".repeat(101)}`);
    expect(res.status).toBe(400);
    expect(res.json.error?.field).toBe("q");
  });

  it("shows a client's card with history", async () => {
    const res = await send("owner", "client", "GET", undefined, { id: jane });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: jane, name: "Jane Roe", phone: "+14165550142", notes: "Prefers mornings", appointments: [], conversations: [] });
  });
});

describe("edit", () => {
  it("saves a client, normalising the phone, and audits field names only", async () => {
    const res = await send("owner", "client", "PATCH", { name: "Jane Roe-Smith", phone: "416 555 0143", email: "", notes: "VIP" }, { id: jane });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const row = await env.admin.query(`SELECT name, phone, email, notes FROM clients WHERE id = $1`, [jane]);
    expect(row.rows[0]).toEqual({ name: "Jane Roe-Smith", phone: "+14165550143", email: null, notes: "VIP" });
    const audit = await env.admin.query(`SELECT metadata FROM audit_events WHERE action = 'client.updated' AND target = $1`, [`client:${jane}`]);
    expect(audit.rows[0].metadata).toEqual({ fields: ["name", "phone", "email", "notes"] });
  });

  it("refuses another client's phone number with 409 on the phone field and changes nothing", async () => {
    const before = await env.countRows();
    const snapshot = await env.admin.query(`SELECT name, phone, updated_at FROM clients WHERE id = $1`, [omar]);
    const res = await send("owner", "client", "PATCH", { name: "Omar Haddad", phone: "(416) 555-0143" }, { id: omar });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "conflict", field: "phone" });
    expect(res.json.error?.message).not.toMatch(/Jane/);
    expect(await env.countRows()).toEqual(before);
    expect((await env.admin.query(`SELECT name, phone, updated_at FROM clients WHERE id = $1`, [omar])).rows).toEqual(snapshot.rows);
  });

  it.each([
    [{ name: "J" }, "name"],
    [{ name: "Jane", phone: "12" }, "phone"],
    [{ name: "Jane", email: "not-an-email" }, "email"],
    [{ name: "Jane", notes: "n".repeat(2001) }, "notes"],
    [{ phone: "4165550100" }, "name"],
  ])("refuses %j with 400 naming the field and writes nothing", async (body, field) => {
    const before = await env.countRows();
    const res = await send("owner", "client", "PATCH", body, { id: jane });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "bad_request", field });
    expect(await env.countRows()).toEqual(before);
  });
});

describe("roles and tenants", () => {
  it("refuses viewers' writes with 403 and lets staff edit", async () => {
    const before = await env.countRows();
    expect((await send("viewer", "client", "GET", undefined, { id: omar })).status).toBe(200);
    expect((await send("viewer", "client", "PATCH", { name: "Viewer Was Here" }, { id: omar })).status).toBe(403);
    expect((await send("viewer", "client", "DELETE", undefined, { id: omar })).status).toBe(403);
    expect((await send("viewer", "clients", "POST", { name: "New Person" })).status).toBe(403);
    expect(await env.countRows()).toEqual(before);
    const staff = await send("staff", "client", "PATCH", { name: "Omar H. Haddad", phone: "+1 647 555 0199" }, { id: omar });
    expect(staff.status).toBe(200);
  });

  it("answers 404 for another tenant's client on read, edit and delete, and writes nothing", async () => {
    const before = await env.countRows();
    expect((await send("dupont", "client", "GET", undefined, { id: jane })).status).toBe(404);
    expect((await send("dupont", "client", "PATCH", { name: "Stolen" }, { id: jane })).status).toBe(404);
    expect((await send("dupont", "client", "DELETE", undefined, { id: jane })).status).toBe(404);
    expect((await send("owner", "client", "GET", undefined, { id: "123" })).status).toBe(404);
    expect(await env.countRows()).toEqual(before);
  });
});

describe("delete", () => {
  it("erases the client, their appointments and the personal data of their conversations, and audits counts only", async () => {
    const tenant = MAPLE();
    // Jane booked by hand, talked on WhatsApp (linked), chatted once more before being recognised (unlinked, from her number).
    const booked = await send("owner", "appointments", "POST", { serviceId: checkup, clientId: jane, date: monday, time: "10:00" });
    expect(booked.status).toBe(201);
    const linked = await env.admin.query<{ id: string }>(
      `INSERT INTO conversations (tenant_id, channel, external_id, client_id, transcript, summary, state, updated_at)
       VALUES ($1, 'whatsapp', 'wa-thread-1', $2, 'Jane: my number is 416 555 0143', 'Jane Roe-Smith booked', '{"caller":{"name":"Jane Roe-Smith"}}', now()) RETURNING id`,
      [tenant, jane],
    );
    const unlinked = await env.admin.query<{ id: string }>(
      `INSERT INTO conversations (tenant_id, channel, external_id, updated_at) VALUES ($1, 'whatsapp', '+14165550143', now()) RETURNING id`,
      [tenant],
    );
    const ids = [linked.rows[0]!.id, unlinked.rows[0]!.id];
    for (const id of ids) {
      await env.admin.query(`INSERT INTO messages (tenant_id, conversation_id, role, content) VALUES ($1, $2, 'caller', 'Hi, this is Jane Roe-Smith'), ($1, $2, 'agent', 'Hello Jane')`, [tenant, id]);
    }
    // Omar's appointment was booked in Jane's linked conversation (she booked for him): it stays, unlinked.
    const omarBooking = await send("owner", "appointments", "POST", { serviceId: checkup, clientId: omar, date: monday, time: "11:00" });
    await env.admin.query(`UPDATE appointments SET conversation_id = $1 WHERE id = $2`, [ids[0], omarBooking.json.id]);
    // Omar's own conversation is not touched.
    const omarConversation = await env.admin.query<{ id: string }>(
      `INSERT INTO conversations (tenant_id, channel, external_id, client_id, updated_at) VALUES ($1, 'voice', 'call-omar', $2, now()) RETURNING id`,
      [tenant, omar],
    );

    const card = await send("owner", "client", "GET", undefined, { id: jane });
    expect((card.json.conversations as unknown[]).length).toBe(1);

    const res = await send("staff", "client", "DELETE", undefined, { id: jane });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.erased).toEqual({ appointments: 1, conversations: 2, messages: 4 });

    expect((await env.admin.query(`SELECT 1 FROM clients WHERE id = $1`, [jane])).rowCount).toBe(0);
    expect((await env.admin.query(`SELECT 1 FROM appointments WHERE client_id = $1`, [jane])).rowCount).toBe(0);
    expect((await env.admin.query(`SELECT 1 FROM conversations WHERE id = ANY($1::uuid[])`, [ids])).rowCount).toBe(0);
    expect((await env.admin.query(`SELECT 1 FROM messages WHERE conversation_id = ANY($1::uuid[])`, [ids])).rowCount).toBe(0);
    // Nothing anywhere in the tenant's conversations still names her.
    const leftovers = await env.admin.query(
      `SELECT 1 FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
       WHERE c.tenant_id = $1 AND (c.external_id LIKE '%5550143%' OR c.transcript ILIKE '%jane%' OR c.state::text ILIKE '%jane%' OR m.content ILIKE '%jane%')`,
      [tenant],
    );
    expect(leftovers.rowCount).toBe(0);
    const omarRow = await env.admin.query(`SELECT status, conversation_id FROM appointments WHERE id = $1`, [omarBooking.json.id]);
    expect(omarRow.rows[0]).toEqual({ status: "booked", conversation_id: null });
    expect((await env.admin.query(`SELECT 1 FROM conversations WHERE id = $1`, [omarConversation.rows[0]!.id])).rowCount).toBe(1);

    const audit = await env.admin.query(`SELECT actor_user_id, metadata FROM audit_events WHERE action = 'client.deleted' AND target = $1`, [`client:${jane}`]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].metadata).toEqual({ appointments: 1, conversations: 2, messages: 4 });
    // No audit event at all carries her name, phone or email.
    const trail = await env.admin.query(`SELECT metadata::text AS m FROM audit_events WHERE tenant_id = $1`, [tenant]);
    for (const row of trail.rows) expect(row.m).not.toMatch(/jane|roe|555.?014[23]|example\.com/i);

    expect(await search("jane")).toEqual(["Janet Li"]);
    expect((await send("owner", "client", "GET", undefined, { id: jane })).status).toBe(404);
    expect((await send("owner", "client", "DELETE", undefined, { id: jane })).status).toBe(404);
  });
});
