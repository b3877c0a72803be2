import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createReceptionist, type AgentTurnInput } from "@/lib/agent";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type DemoSlug, type SeededTenants } from "../booking/seeded-tenants";

let s: SeededTenants;
let pool: TenantDb;
let receptionist: ReturnType<typeof createReceptionist>;

beforeAll(async () => {
  s = await seededTenants("receptionist");
  pool = createTenantDb({ url: s.db.appUrl, max: 6 });
  receptionist = createReceptionist(pool);
});
afterAll(async () => {
  await pool?.$disconnect();
  await pool?.pool.end();
  await s?.close();
});
beforeEach(() => s.reset());

const turn = (slug: DemoSlug, input: Omit<AgentTurnInput, "now">) =>
  runAsTenant(s.tenantId(slug), () => receptionist.runAgentTurn({ now: s.local(slug, "2030-01-07", "08:00"), ...input }));

describe("greetingFor", () => {
  it("uses the configured greeting, else builds one from business and persona", async () => {
    const greet = (slug: DemoSlug, locale?: "fr" | "en") => runAsTenant(s.tenantId(slug), () => receptionist.greetingFor(locale));
    expect(await greet("cabinet-dupont")).toBe("Cabinet du Dr Dupont, bonjour ! Ici Camille, comment puis-je vous aider ?");
    expect(await greet("cabinet-dupont", "en")).toBe("Cabinet Dr Dupont, hello! This is Camille, how can I help you?");
    expect(await greet("salon-amel", "en")).toBe("Salon Amel, hello! This is Lina, how can I help?");
    expect(await greet("maple-dental")).toBe("Maple Dental, good day! This is Maya, how can I help you?");
  });
});

describe("what a turn stores", () => {
  it("keeps both messages, the usage event under the provider id, and the state", async () => {
    const out = await turn("maple-dental", { channel: "whatsapp", externalId: "whatsapp:+14165550999", message: "Hi", messageExternalId: "SM123" });
    expect(out).toMatchObject({ reply: "Maple Dental, good day! This is Maya, how can I help you?", handoff: false, appointment: null, duplicate: false });
    const rows = await s.admin.query("SELECT role, content, external_id FROM messages WHERE conversation_id = $1 ORDER BY role", [out.conversationId]);
    expect(rows.rows).toEqual([
      { role: "caller", content: "Hi", external_id: "SM123" },
      { role: "agent", content: out.reply, external_id: null },
    ]);
    const usage = await s.admin.query("SELECT metric, quantity, idempotency_key FROM usage_events");
    expect(usage.rows).toEqual([{ metric: "inbound_message", quantity: 1, idempotency_key: "SM123" }]);
    const convo = await s.admin.query("SELECT channel, external_id, state FROM conversations WHERE id = $1", [out.conversationId]);
    expect(convo.rows[0]).toMatchObject({ channel: "whatsapp", external_id: "whatsapp:+14165550999", state: { locale: "en", turns: 1 } });
  });

  it("starts afresh when the stored state is unreadable", async () => {
    const first = await turn("cabinet-dupont", { channel: "web", externalId: "w-1", message: "Je voudrais une consultation" });
    await s.admin.query(`UPDATE conversations SET state = '{"flow": {"kind": "teleport"}, "turns": "many"}' WHERE id = $1`, [first.conversationId]);
    const next = await turn("cabinet-dupont", { channel: "web", externalId: "w-1", message: "Quelle est votre adresse ?" });
    expect(next.conversationId).toBe(first.conversationId);
    expect(next.reply).toBe("L'adresse de Cabinet Dr Dupont : Rue du Rhône 42, 1204 Genève.");
  });

  it("drops a half-done booking when the conversation resumes days later, and greets the returning caller", async () => {
    const base = { channel: "whatsapp" as const, externalId: "whatsapp:+41791234567", callerPhone: "+41791234567" };
    await turn("cabinet-dupont", { ...base, message: "Une consultation demain à 10h" });
    const ask = await turn("cabinet-dupont", { ...base, message: "Marie Curie" });
    expect(ask.reply).toContain("Je confirme la réservation ?");
    const later = await runAsTenant(s.tenantId("cabinet-dupont"), () =>
      receptionist.runAgentTurn({ ...base, message: "oui", now: s.local("cabinet-dupont", "2030-01-14", "09:00") }),
    );
    expect(later.appointment).toBeNull();
    expect(later.reply).toMatch(/^Bonjour Marie Curie, ravie de vous retrouver ! Pardon, je n'ai pas bien compris\./);
    expect((await s.admin.query("SELECT count(*)::int AS n FROM appointments")).rows[0].n).toBe(0);
  });

  it("keeps the conversation's language when the widget keeps hinting another", async () => {
    const base = { channel: "web" as const, externalId: "w-lang", locale: "fr" as const };
    expect((await turn("salon-amel", { ...base, message: "Hello, what are your hours?" })).reply).toMatch(/^We are open/);
    expect((await turn("salon-amel", { ...base, message: "ok" })).reply).toMatch(/^Sorry, I didn't quite get that/);
  });

  it("rejects malformed input before touching the database", async () => {
    await expect(turn("cabinet-dupont", { channel: "web", externalId: "", message: "Bonjour" })).rejects.toBeInstanceOf(ZodError);
    expect((await s.admin.query("SELECT count(*)::int AS n FROM conversations")).rows[0].n).toBe(0);
  });

  it("keeps tenants apart even when they share an external id", async () => {
    const a = await turn("cabinet-dupont", { channel: "web", externalId: "shared", message: "Bonjour" });
    const b = await turn("maple-dental", { channel: "web", externalId: "shared", message: "Hello" });
    expect(a.conversationId).not.toBe(b.conversationId);
    const rows = await s.admin.query("SELECT tenant_id, count(*)::int AS n FROM messages GROUP BY tenant_id ORDER BY tenant_id");
    expect(rows.rows.map((r) => r.n)).toEqual([2, 2]);
  });
});

describe("concurrency", () => {
  it("processes a message delivered twice at the same moment once", async () => {
    const input = { channel: "whatsapp" as const, externalId: "whatsapp:+41791234567", callerPhone: "+41791234567", message: "Une consultation demain à 10h", messageExternalId: "SM-race" };
    const [x, y] = await Promise.all([turn("cabinet-dupont", input), turn("cabinet-dupont", input)]);
    expect([x.duplicate, y.duplicate].sort()).toEqual([false, true]);
    expect(x.reply).toBe(y.reply);
    expect((await s.admin.query("SELECT count(*)::int AS n FROM messages")).rows[0].n).toBe(2);
    expect((await s.admin.query("SELECT count(*)::int AS n FROM usage_events")).rows[0].n).toBe(1);
  });

  it("lets one of two callers confirming the same slot at once win; the other is offered alternatives", async () => {
    const callers = ["+41791000001", "+41791000002"];
    for (const [i, phone] of callers.entries()) {
      const base = { channel: "voice" as const, externalId: `call-${i}`, callerPhone: phone };
      await turn("cabinet-dupont", { ...base, message: "Une consultation demain à 10h" });
      const ask = await turn("cabinet-dupont", { ...base, message: ["Alice Martin", "Bruno Keller"][i]! });
      expect(ask.reply).toContain("Je confirme la réservation ?");
    }
    const outcomes = await Promise.all(
      callers.map((phone, i) => turn("cabinet-dupont", { channel: "voice", externalId: `call-${i}`, callerPhone: phone, message: "oui" })),
    );
    const winners = outcomes.filter((o) => o.appointment?.status === "booked");
    const losers = outcomes.filter((o) => !o.appointment);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.reply).toBe(
      "Désolée, ce créneau vient d'être pris. Je peux vous proposer mardi 8 janvier à 9h30, 10h30 ou 10h45. Lequel préférez-vous ?",
    );
    const rows = await s.admin.query("SELECT count(*)::int AS n FROM appointments");
    expect(rows.rows[0].n).toBe(1);
    // The losing turn's transaction survived the refused INSERT and stored its messages.
    const messages = await s.admin.query("SELECT count(*)::int AS n FROM messages");
    expect(messages.rows[0].n).toBe(12);
  });
});
