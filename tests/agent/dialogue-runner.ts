import { expect } from "vitest";
import { createReceptionist, type AgentTurnResult } from "@/lib/agent";
import { parseYesNo } from "@/lib/agent/caller-answers";
import { formatDateTime } from "@/lib/agent/formatting";
import { wallClockAt } from "@/lib/booking";
import { runAsTenant } from "@/lib/tenancy";
import type { DemoSlug, SeededTenants } from "../booking/seeded-tenants";

/*
 * Scripted dialogues: each is what a caller says, what the receptionist must
 * answer (substring or pattern), and what must be stored afterwards. Every
 * dialogue starts from the seeded configuration with no clients, appointments
 * or conversations, at Monday 2030-01-07 08:00 on the tenant's wall clock
 * unless it says otherwise.
 *
 * Whatever the dialogue, the runner checks after every turn that no
 * appointment was booked or moved to a time the receptionist had not just
 * read back and the caller had not answered with a yes.
 */

export interface Turn {
  say: string;
  reply: RegExp | string;
  /** Provider message id; a repeat must come back as a duplicate. */
  messageId?: string;
  duplicate?: boolean;
}

export type Fixture =
  | { client: { name: string; phone: string } }
  /** `resource`: whose diary, by name (default: the tenant's default resource). */
  | { appointment: { service: string; at: string; name: string; phone: string; resource?: string } }
  | { closure: { from: string; to: string; reason?: string } }
  /** A staff member's days off (inclusive local dates), removed afterwards. */
  | { dayOff: { resource: string; from: string; to: string; reason?: string } }
  /** Configuration changed for this dialogue only, restored afterwards. */
  | { profile: { emergencyNumber?: string | null; directions?: string; address?: string } }
  | { service: { name: string; priceCents?: number | null; names?: Record<string, string> } };

export interface Dialogue {
  name: string;
  tenant: DemoSlug;
  channel?: "web" | "voice" | "whatsapp";
  callerPhone?: string;
  client?: { name?: string; phone?: string; email?: string };
  locale?: "fr" | "en";
  /** The tenant's wall clock during the dialogue, "YYYY-MM-DD HH:MM"; Monday 2030-01-07 08:00 by default. */
  at?: string;
  setup?: Fixture[];
  turns: Turn[];
  outcome: {
    /** Every appointment of the tenant afterwards: "Service YYYY-MM-DD HH:MM-HH:MM status", by start. */
    appointments?: string[];
    /** The same with whose diary each is in: "Service YYYY-MM-DD HH:MM Resource status". */
    staffAppointments?: string[];
    /** Every client of the tenant afterwards: "Name +E164", by name. */
    clients?: string[];
    /** Of the last turn. */
    handoff?: boolean;
    transferPhone?: string;
    status?: "open" | "handed_off";
    /** Messages stored for the conversation; defaults to two per non-duplicate turn. */
    messages?: number;
    usageEvents?: number;
  };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Applies a fixture; returns how to undo it when it changes configuration (which reset() keeps). */
async function applyFixture(s: SeededTenants, slug: DemoSlug, fixture: Fixture): Promise<(() => Promise<unknown>) | null> {
  const tenant = s.tenantId(slug);
  const clientId = async (name: string, phone: string) =>
    (
      await s.admin.query<{ id: string }>(
        `INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (tenant_id, phone) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [tenant, name, phone],
      )
    ).rows[0]!.id;
  if ("profile" in fixture) {
    const before = (await s.admin.query("SELECT emergency_number, directions, address FROM business_profiles WHERE tenant_id = $1", [tenant])).rows[0];
    const p = fixture.profile;
    await s.admin.query(
      `UPDATE business_profiles SET emergency_number = $2, directions = $3, address = $4 WHERE tenant_id = $1`,
      [tenant, p.emergencyNumber === undefined ? before.emergency_number : p.emergencyNumber, p.directions ?? before.directions, p.address ?? before.address],
    );
    return () =>
      s.admin.query("UPDATE business_profiles SET emergency_number = $2, directions = $3, address = $4 WHERE tenant_id = $1", [
        tenant,
        before.emergency_number,
        before.directions,
        before.address,
      ]);
  }
  if ("service" in fixture) {
    const { name, priceCents, names } = fixture.service;
    const before = (await s.admin.query("SELECT price_cents, localized_names FROM services WHERE tenant_id = $1 AND name = $2", [tenant, name])).rows[0];
    await s.admin.query("UPDATE services SET price_cents = $3, localized_names = $4 WHERE tenant_id = $1 AND name = $2", [
      tenant,
      name,
      priceCents === undefined ? before.price_cents : priceCents,
      JSON.stringify(names ?? before.localized_names),
    ]);
    return () =>
      s.admin.query("UPDATE services SET price_cents = $3, localized_names = $4 WHERE tenant_id = $1 AND name = $2", [
        tenant,
        name,
        before.price_cents,
        JSON.stringify(before.localized_names),
      ]);
  }
  if ("dayOff" in fixture) {
    const { resource, from, to, reason } = fixture.dayOff;
    const row = await s.admin.query<{ id: string }>(
      `INSERT INTO resource_closures (tenant_id, resource_id, starts_on, ends_on, reason)
       VALUES ($1, (SELECT id FROM resources WHERE tenant_id = $1 AND name = $2), $3, $4, $5) RETURNING id`,
      [tenant, resource, from, to, reason ?? ""],
    );
    return () => s.admin.query("DELETE FROM resource_closures WHERE tenant_id = $1 AND id = $2", [tenant, row.rows[0]!.id]);
  }
  if ("client" in fixture) {
    await clientId(fixture.client.name, fixture.client.phone);
  } else if ("appointment" in fixture) {
    const { service, at, name, phone, resource } = fixture.appointment;
    const svc = await s.admin.query("SELECT id, duration_minutes + buffer_minutes AS minutes FROM services WHERE tenant_id = $1 AND name = $2", [
      tenant,
      service,
    ]);
    const [date, time] = at.split(" ");
    const startsAt = s.local(slug, date!, time!);
    const values = [tenant, svc.rows[0].id, await clientId(name, phone), startsAt, new Date(startsAt.getTime() + svc.rows[0].minutes * 60_000)];
    if (resource) {
      await s.admin.query(
        `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at, resource_id)
         VALUES ($1, $2, $3, $4, $5, 'booked', now(), (SELECT id FROM resources WHERE tenant_id = $1 AND name = $6))`,
        [...values, resource],
      );
    } else {
      await s.admin.query(
        `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'booked', now())`,
        values,
      );
    }
  } else {
    await s.admin.query("INSERT INTO closures (tenant_id, starts_on, ends_on, reason) VALUES ($1, $2, $3, $4)", [
      tenant,
      fixture.closure.from,
      fixture.closure.to,
      fixture.closure.reason ?? "",
    ]);
  }
  return null;
}

/** Every appointment of the tenant: id → start and status. */
async function appointmentSnapshot(s: SeededTenants, tenant: string): Promise<Map<string, { startsAt: Date; status: string }>> {
  const rows = await s.admin.query("SELECT id, starts_at, status FROM appointments WHERE tenant_id = $1", [tenant]);
  return new Map(rows.rows.map((r) => [r.id as string, { startsAt: r.starts_at as Date, status: r.status as string }]));
}

/**
 * The invariant of every dialogue: an appointment booked or moved during a
 * turn is at a time the previous reply read back, and the caller said yes.
 */
function expectConfirmedWrites(
  before: Map<string, { startsAt: Date; status: string }>,
  after: Map<string, { startsAt: Date; status: string }>,
  readBack: string,
  said: string,
  tz: string,
  context: string,
): void {
  for (const [id, now] of after) {
    const was = before.get(id);
    const written = now.status === "booked" && (!was || was.startsAt.getTime() !== now.startsAt.getTime());
    if (!written) continue;
    const spoken = [formatDateTime(now.startsAt, tz, "fr"), formatDateTime(now.startsAt, tz, "en")];
    expect(spoken.some((w) => readBack.includes(w)), `${context}\nbooked at ${spoken[1]} without reading it back`).toBe(true);
    expect(parseYesNo(said), `${context}\nbooked without a yes`).toBe("yes");
  }
}

export async function runDialogue(s: SeededTenants, d: Dialogue): Promise<void> {
  await s.reset();
  const undo: Array<() => Promise<unknown>> = [];
  try {
    for (const fixture of d.setup ?? []) {
      const restore = await applyFixture(s, d.tenant, fixture);
      if (restore) undo.push(restore);
    }
    await play(s, d);
  } finally {
    for (const restore of undo.reverse()) await restore();
  }
}

async function play(s: SeededTenants, d: Dialogue): Promise<void> {
  const receptionist = createReceptionist(s.client);
  const tenant = s.tenantId(d.tenant);
  const [day, time] = (d.at ?? "2030-01-07 08:00").split(" ");
  const now = s.local(d.tenant, day!, time!);
  const tz = s.timeZone(d.tenant);
  const channel = d.channel ?? "web";
  const externalId = `${channel}-${d.name}`;
  let last: AgentTurnResult | undefined;
  const transcript: string[] = [];
  let appointments = await appointmentSnapshot(s, tenant);

  for (const [i, turn] of d.turns.entries()) {
    const readBack = last?.reply ?? "";
    last = await runAsTenant(tenant, () =>
      receptionist.runAgentTurn({
        channel,
        externalId,
        message: turn.say,
        now,
        ...(d.callerPhone ? { callerPhone: d.callerPhone } : {}),
        ...(d.client ? { client: d.client } : {}),
        ...(d.locale ? { locale: d.locale } : {}),
        ...(turn.messageId ? { messageExternalId: turn.messageId } : {}),
      }),
    );
    transcript.push(`> ${turn.say}`, `< ${last.reply}`);
    const context = `turn ${i + 1} of "${d.name}"\n${transcript.join("\n")}`;
    if (typeof turn.reply === "string") expect(last.reply, context).toContain(turn.reply);
    else expect(last.reply, context).toMatch(turn.reply);
    expect(last.duplicate, context).toBe(turn.duplicate ?? false);
    const after = await appointmentSnapshot(s, tenant);
    if (!turn.duplicate) expectConfirmedWrites(appointments, after, readBack, turn.say, tz, context);
    appointments = after;
  }

  const o = d.outcome;
  const context = `outcome of "${d.name}"\n${transcript.join("\n")}`;
  if (o.appointments) {
    const rows = await s.admin.query(
      `SELECT s.name, a.starts_at, a.ends_at, a.status FROM appointments a JOIN services s ON s.id = a.service_id
       WHERE a.tenant_id = $1 ORDER BY a.starts_at, s.name`,
      [tenant],
    );
    const stored = rows.rows.map((r) => {
      const start = wallClockAt(r.starts_at, tz);
      return `${r.name} ${start.date} ${hhmm(start.minutes)}-${hhmm(wallClockAt(r.ends_at, tz).minutes)} ${r.status}`;
    });
    expect(stored, context).toEqual(o.appointments);
  }
  if (o.staffAppointments) {
    const rows = await s.admin.query(
      `SELECT s.name, a.starts_at, r.name AS resource, a.status FROM appointments a JOIN services s ON s.id = a.service_id
       JOIN resources r ON r.id = a.resource_id WHERE a.tenant_id = $1 ORDER BY a.starts_at, r.name`,
      [tenant],
    );
    const stored = rows.rows.map((r) => {
      const start = wallClockAt(r.starts_at, tz);
      return `${r.name} ${start.date} ${hhmm(start.minutes)} ${r.resource} ${r.status}`;
    });
    expect(stored, context).toEqual(o.staffAppointments);
  }
  if (o.clients) {
    const rows = await s.admin.query("SELECT name, phone FROM clients WHERE tenant_id = $1 ORDER BY name", [tenant]);
    expect(rows.rows.map((r) => `${r.name} ${r.phone}`), context).toEqual(o.clients);
  }
  const convo = await s.admin.query(
    `SELECT c.status, (SELECT count(*)::int FROM messages m WHERE m.conversation_id = c.id) AS messages
     FROM conversations c WHERE c.tenant_id = $1 AND c.external_id = $2`,
    [tenant, externalId],
  );
  const turns = d.turns.filter((t) => !t.duplicate).length;
  expect(convo.rows[0]?.messages, context).toBe(o.messages ?? 2 * turns);
  expect(convo.rows[0]?.status, context).toBe(o.status ?? (o.handoff ? "handed_off" : "open"));
  expect(last?.handoff, context).toBe(o.handoff ?? false);
  expect(last?.transferPhone, context).toBe(o.transferPhone);
  const usage = await s.admin.query("SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1 AND metric = 'inbound_message'", [tenant]);
  expect(usage.rows[0].n, context).toBe(o.usageEvents ?? turns);
}
