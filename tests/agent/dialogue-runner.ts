import { expect } from "vitest";
import { createReceptionist, type AgentTurnResult } from "@/lib/agent";
import { wallClockAt } from "@/lib/booking";
import { runAsTenant } from "@/lib/tenancy";
import type { DemoSlug, SeededTenants } from "../booking/seeded-tenants";

/*
 * Scripted dialogues: each is what a caller says, what the receptionist must
 * answer (substring or pattern), and what must be stored afterwards. Every
 * dialogue starts from the seeded configuration with no clients, appointments
 * or conversations, at Monday 2030-01-07 08:00 on the tenant's wall clock.
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
  | { appointment: { service: string; at: string; name: string; phone: string } }
  | { closure: { from: string; to: string; reason?: string } };

export interface Dialogue {
  name: string;
  tenant: DemoSlug;
  channel?: "web" | "voice" | "whatsapp";
  callerPhone?: string;
  client?: { name?: string; phone?: string; email?: string };
  locale?: "fr" | "en";
  setup?: Fixture[];
  turns: Turn[];
  outcome: {
    /** Every appointment of the tenant afterwards: "Service YYYY-MM-DD HH:MM-HH:MM status", by start. */
    appointments?: string[];
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

async function applyFixture(s: SeededTenants, slug: DemoSlug, fixture: Fixture): Promise<void> {
  const tenant = s.tenantId(slug);
  const clientId = async (name: string, phone: string) =>
    (
      await s.admin.query<{ id: string }>(
        `INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (tenant_id, phone) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [tenant, name, phone],
      )
    ).rows[0]!.id;
  if ("client" in fixture) {
    await clientId(fixture.client.name, fixture.client.phone);
  } else if ("appointment" in fixture) {
    const { service, at, name, phone } = fixture.appointment;
    const svc = await s.admin.query("SELECT id, duration_minutes + buffer_minutes AS minutes FROM services WHERE tenant_id = $1 AND name = $2", [
      tenant,
      service,
    ]);
    const [date, time] = at.split(" ");
    const startsAt = s.local(slug, date!, time!);
    await s.admin.query(
      `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'booked', now())`,
      [tenant, svc.rows[0].id, await clientId(name, phone), startsAt, new Date(startsAt.getTime() + svc.rows[0].minutes * 60_000)],
    );
  } else {
    await s.admin.query("INSERT INTO closures (tenant_id, starts_on, ends_on, reason) VALUES ($1, $2, $3, $4)", [
      tenant,
      fixture.closure.from,
      fixture.closure.to,
      fixture.closure.reason ?? "",
    ]);
  }
}

export async function runDialogue(s: SeededTenants, d: Dialogue): Promise<void> {
  await s.reset();
  for (const fixture of d.setup ?? []) await applyFixture(s, d.tenant, fixture);
  const receptionist = createReceptionist(s.client);
  const tenant = s.tenantId(d.tenant);
  const now = s.local(d.tenant, "2030-01-07", "08:00");
  const channel = d.channel ?? "web";
  const externalId = `${channel}-${d.name}`;
  let last: AgentTurnResult | undefined;
  const transcript: string[] = [];

  for (const [i, turn] of d.turns.entries()) {
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
  }

  const tz = s.timeZone(d.tenant);
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
