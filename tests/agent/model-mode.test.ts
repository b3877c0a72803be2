import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createAgentMode, createReceptionist, type AgentTurnInput } from "@/lib/agent";
import { isPublicAddress, postToVettedEndpoint, vetModelEndpoint, type LookupAll } from "@/lib/agent/model-endpoint-guard";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { createSecretStore, type Keyring } from "@/lib/secrets";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";

/*
 * Model mode against a real HTTP server speaking the OpenAI chat-completions
 * shape on 127.0.0.1: the only stand-in is the provider at the network edge.
 */

const KEY = "sk-test-" + randomBytes(16).toString("hex");
const ring: Keyring = { current: 1, keys: new Map([[1, randomBytes(32)]]), source: "env" };
const TENANT = "cabinet-dupont" as const;
const MARIE = "+41791234567";

let s: SeededTenants;
let pool: TenantDb;
let receptionist: ReturnType<typeof createReceptionist>;
let agentMode: ReturnType<typeof createAgentMode>;
let secrets: ReturnType<typeof createSecretStore>;
let consultationId: string;

// ------------------------------------------------------------ the fake provider ---

interface RecordedRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}
type Behaviour = (res: http.ServerResponse) => void;

const requests: RecordedRequest[] = [];
const behaviours: Behaviour[] = [];
let connections = 0;
let server: http.Server;
let baseUrl: string;

const reading = (fields: Record<string, unknown>) => ({
  intent: "other",
  language: "fr",
  service_id: null,
  unknown_service: false,
  date: null,
  time: null,
  period: null,
  approximate: false,
  soonest: false,
  yes_no: null,
  option: null,
  name: null,
  phone: null,
  ...fields,
});

const completion = (args: string, totalTokens: number) => ({
  id: "chatcmpl-" + randomBytes(4).toString("hex"),
  object: "chat.completion",
  choices: [
    {
      index: 0,
      finish_reason: "tool_calls",
      message: {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "record_understanding", arguments: args } }],
      },
    },
  ],
  usage: { prompt_tokens: totalTokens - 10, completion_tokens: 10, total_tokens: totalTokens },
});

const json = (status: number, body: unknown): Behaviour => (res) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const understands = (fields: Record<string, unknown>, totalTokens = 42) =>
  json(200, completion(JSON.stringify(reading(fields)), totalTokens));
// Answers long after any turn stops waiting; closeAllConnections ends it at teardown.
const hangs: Behaviour = () => {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ url: req.url ?? "", headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      (behaviours.shift() ?? json(500, { error: { message: "no behaviour queued" } }))(res);
    });
  });
  server.on("connection", () => void connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // The stand-in provider is plain http on loopback, which model mode refuses unless told otherwise.
  process.env.MODEL_ALLOW_PRIVATE_HOSTS = "1";
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  s = await seededTenants("model_mode");
  pool = createTenantDb({ url: s.db.appUrl, max: 4 });
  secrets = createSecretStore(pool, () => ring);
  receptionist = createReceptionist(pool, { secrets, modelTimeoutMs: 300 });
  agentMode = createAgentMode(pool, secrets);
  const row = await s.admin.query("SELECT id FROM services WHERE tenant_id = $1 AND name = 'Consultation'", [s.tenantId(TENANT)]);
  consultationId = row.rows[0].id;
});

afterAll(async () => {
  delete process.env.MODEL_ALLOW_PRIVATE_HOSTS;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await pool?.$disconnect();
  await pool?.pool.end();
  await s?.close();
});

beforeEach(async () => {
  await s.reset();
  await s.admin.query("DELETE FROM tenant_secrets; UPDATE tenants SET settings = '{}'");
  requests.length = 0;
  behaviours.length = 0;
  connections = 0;
  process.env.MODEL_ALLOW_PRIVATE_HOSTS = "1";
});
afterEach(() => vi.restoreAllMocks());

const asTenant = <T>(fn: () => Promise<T>) => runAsTenant(s.tenantId(TENANT), fn);
const turn = (input: Omit<AgentTurnInput, "now" | "channel"> & { channel?: AgentTurnInput["channel"] }) =>
  asTenant(() => receptionist.runAgentTurn({ channel: "whatsapp", now: s.local(TENANT, "2030-01-07", "08:00"), ...input }));

async function enableModelMode(url = baseUrl) {
  await asTenant(() => secrets.save("openai", "api_key", KEY));
  await asTenant(() => secrets.save("openai", "base_url", url));
  await asTenant(() => agentMode.setAgentMode("model", { model: "gpt-test" }));
}

async function agentMetadata(conversationId: string) {
  const rows = await s.admin.query(
    "SELECT metadata FROM messages WHERE conversation_id = $1 AND role = 'agent' ORDER BY created_at DESC LIMIT 1",
    [conversationId],
  );
  return rows.rows[0].metadata;
}

const caller = (phone: string) => ({ externalId: `whatsapp:${phone}`, callerPhone: phone });

/** Marie books Tuesday 10:00 through the deterministic engine, so that slot is taken. */
async function takeTuesdayTen() {
  await turn({ ...caller(MARIE), message: "Une consultation demain à 10h" });
  await turn({ ...caller(MARIE), message: "Marie Curie" });
  const booked = await turn({ ...caller(MARIE), message: "oui" });
  expect(booked.appointment?.status).toBe("booked");
}

// ------------------------------------------------------------------- tests ---

describe("agent mode settings", () => {
  it("defaults to the deterministic engine, refuses model mode without a stored key, and audits a switch", async () => {
    expect(await asTenant(() => agentMode.getAgentMode())).toEqual({ mode: "deterministic", model: "gpt-4o-mini", apiKeyStored: false });

    const refused = await asTenant(() => agentMode.setAgentMode("model")).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: "bad_request", field: "mode", message: expect.stringMatching(/OpenAI API key/) });
    expect((await s.admin.query("SELECT settings FROM tenants WHERE id = $1", [s.tenantId(TENANT)])).rows[0].settings).toEqual({});

    await asTenant(() => secrets.save("openai", "api_key", KEY));
    const on = await asTenant(() => agentMode.setAgentMode("model", { model: "gpt-test" }, { actorUserId: null, requestId: "req-1" }));
    expect(on).toEqual({ mode: "model", model: "gpt-test", apiKeyStored: true });
    expect(await asTenant(() => agentMode.getAgentMode())).toEqual(on);
    const audit = await s.admin.query(
      "SELECT action, target, metadata, request_id FROM audit_events WHERE tenant_id = $1 AND action = 'agent.mode_changed'",
      [s.tenantId(TENANT)],
    );
    expect(audit.rows).toEqual([
      {
        action: "agent.mode_changed",
        target: `tenant:${s.tenantId(TENANT)}`,
        metadata: { from: "deterministic", to: "model", model: "gpt-test" },
        request_id: "req-1",
      },
    ]);
    await expect(asTenant(() => agentMode.setAgentMode("model", { model: "bad name; drop" }))).rejects.toThrow(/Model names/);
  });

  it("with a key stored but the mode left at its default, never calls the model", async () => {
    await asTenant(() => secrets.save("openai", "api_key", KEY));
    await asTenant(() => secrets.save("openai", "base_url", baseUrl));
    const out = await turn({ ...caller(MARIE), message: "Une consultation demain à 10h" });
    expect(out.reply).toBe("Mardi 8 janvier à 10h00, c'est disponible. À quel nom dois-je réserver ?");
    expect(requests).toHaveLength(0);
    expect(await agentMetadata(out.conversationId)).not.toHaveProperty("understanding");
  });
});

describe("model mode", () => {
  it("books through the same rules: a taken slot gets the same alternatives, and nothing is double-booked", async () => {
    await takeTuesdayTen();
    // What the deterministic engine answers a second caller asking for the taken slot…
    const keyword = await turn({ ...caller("+41791112233"), message: "Une consultation demain à 10h" });
    expect(keyword.reply).toBe(
      "Le mardi 8 janvier à 10h00 est déjà pris. Je peux vous proposer mardi 8 janvier à 9h30, 10h30 ou 10h45. Lequel préférez-vous ?",
    );

    // …is what model mode answers a third caller whose words only the model understood.
    await enableModelMode();
    const anne = caller("+41795556677");
    behaviours.push(understands({ intent: "book", service_id: consultationId, date: "2030-01-08", time: "10:00" }));
    const proposed = await turn({ ...anne, message: "Le même créneau que ma voisine pour voir le docteur, svp" });
    expect(proposed.reply).toBe(keyword.reply);
    expect(proposed.appointment).toBeNull();

    behaviours.push(understands({ intent: "answer", option: 1 }));
    expect((await turn({ ...anne, message: "Va pour le plus tôt des trois" })).reply).toBe("À quel nom dois-je réserver ?");
    behaviours.push(understands({ intent: "answer", name: "Anne Martin" }));
    expect((await turn({ ...anne, message: "Anne Martin" })).reply).toBe(
      "Je récapitule : Consultation le mardi 8 janvier à 9h30, au nom de Anne Martin. Je confirme la réservation ?",
    );
    behaviours.push(understands({ intent: "answer", yes_no: "yes" }));
    const booked = await turn({ ...anne, message: "Parfait, allez-y" });
    expect(booked.reply).toBe("C'est réservé : Consultation le mardi 8 janvier à 9h30. À bientôt !");
    expect(booked.appointment).toMatchObject({ status: "booked", service: "Consultation" });

    // The model asking to book the taken slot outright still cannot: the engine checks, proposes, asks to confirm.
    behaviours.push(understands({ intent: "book", service_id: consultationId, date: "2030-01-08", time: "10:00", yes_no: "yes" }));
    const again = await turn({ ...caller("+41798887766"), message: "Réservez-moi 10h demain, je confirme d'avance" });
    expect(again.appointment).toBeNull();
    expect(again.reply).toMatch(/^Le mardi 8 janvier à 10h00 est déjà pris\./);

    const rows = await s.admin.query(
      "SELECT to_char(starts_at AT TIME ZONE 'Europe/Zurich', 'YYYY-MM-DD HH24:MI') AS at, status FROM appointments ORDER BY starts_at",
    );
    expect(rows.rows).toEqual([
      { at: "2030-01-08 09:30", status: "booked" },
      { at: "2030-01-08 10:00", status: "booked" },
    ]);
    expect(await agentMetadata(booked.conversationId)).toMatchObject({ understanding: { mode: "model", model: "gpt-test", totalTokens: 42 } });
  });

  it.each([
    ["a timeout", hangs, "timeout"],
    ["an HTTP 500", json(500, { error: { message: "upstream exploded" } }), "http_500"],
    ["a body that is not JSON", ((res) => res.end("<html>gateway</html>")) as Behaviour, "invalid_json"],
    ["arguments that are not JSON", json(200, completion("{intent: book", 17)), "invalid_json"],
    ["arguments off the schema", understands({ intent: "book", date: "tomorrow", time: "10h" }, 23), "schema_mismatch"],
    ["a service the tenant does not offer", understands({ intent: "book", service_id: "f0000000-0000-4000-8000-000000000000" }, 23), "schema_mismatch"],
    ["a reply without tool calls", json(200, { choices: [{ message: { content: "Sure!" } }] }), "schema_mismatch"],
  ] as const)("falls back to the keyword rules on %s, and the turn still succeeds", async (_label, behaviour, reason) => {
    await enableModelMode();
    behaviours.push(behaviour);
    const started = Date.now();
    const out = await turn({ ...caller(MARIE), message: "Une consultation demain à 10h" });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(requests).toHaveLength(1);
    expect(out.reply).toBe("Mardi 8 janvier à 10h00, c'est disponible. À quel nom dois-je réserver ?");
    expect(await agentMetadata(out.conversationId)).toMatchObject({ understanding: { mode: "deterministic", model: "gpt-test", fallback: reason } });
  });

  it("falls back when the provider cannot be reached at all", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await enableModelMode(`http://127.0.0.1:${port}/v1`);
    const out = await turn({ ...caller(MARIE), message: "Quelle est votre adresse ?" });
    expect(out.reply).toBe("L'adresse de Cabinet Dr Dupont : Rue du Rhône 42, 1204 Genève.");
    expect(await agentMetadata(out.conversationId)).toMatchObject({ understanding: { mode: "deterministic", fallback: "network_error" } });
  });

  it("falls back, and says why, when the key was removed after switching", async () => {
    await enableModelMode();
    await asTenant(() => secrets.remove("openai", "api_key"));
    const out = await turn({ ...caller(MARIE), message: "Quelle est votre adresse ?" });
    expect(out.reply).toBe("L'adresse de Cabinet Dr Dupont : Rue du Rhône 42, 1204 Genève.");
    expect(requests).toHaveLength(0);
    expect(await agentMetadata(out.conversationId)).toEqual(expect.objectContaining({ understanding: { mode: "deterministic", fallback: "no_api_key" } }));
  });

  it("sends the key only as a Bearer token to the configured base URL, and never logs or stores it", async () => {
    const written: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(" ")));
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
        written.push(String(chunk));
        return original(chunk, ...rest);
      }) as typeof stream.write);
    }

    await enableModelMode(`${baseUrl}/`);
    behaviours.push(understands({ intent: "hours" }), hangs, json(401, { error: { message: `Incorrect API key provided: ${KEY}` } }));
    const outs = [
      await turn({ ...caller(MARIE), message: "Vous êtes là quand ?" }),
      await turn({ ...caller(MARIE), message: "Et le samedi ?" }),
      await turn({ ...caller(MARIE), message: "Merci" }),
    ];
    expect(outs[0]!.reply).toMatch(/^Nous sommes ouverts du lundi au vendredi/);

    expect(requests).toHaveLength(3);
    for (const r of requests) {
      expect(r.url).toBe("/v1/chat/completions");
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(JSON.stringify(r.body)).not.toContain(KEY);
    }
    expect(requests[0]!.body).toMatchObject({
      model: "gpt-test",
      tools: [{ type: "function", function: { name: "record_understanding", strict: true } }],
      tool_choice: { type: "function", function: { name: "record_understanding" } },
      messages: [{ role: "system" }, { role: "user", content: "Vous êtes là quand ?" }],
    });

    expect(written.join("\n")).not.toContain(KEY);
    expect(JSON.stringify(outs)).not.toContain(KEY);
    const stored = await s.admin.query(`
      SELECT (SELECT coalesce(json_agg(json_build_array(content, metadata)), '[]') FROM messages)::text AS messages,
             (SELECT coalesce(json_agg(state), '[]') FROM conversations)::text AS states,
             (SELECT coalesce(json_agg(json_build_array(action, target, metadata)), '[]') FROM audit_events)::text AS audit,
             (SELECT coalesce(json_agg(idempotency_key), '[]') FROM usage_events)::text AS usage,
             (SELECT coalesce(json_agg(settings), '[]') FROM tenants)::text AS settings`);
    expect(JSON.stringify(stored.rows[0])).not.toContain(KEY);
    expect(JSON.stringify(stored.rows[0])).not.toContain(KEY.slice(8));
  });

  it("records the model's tokens once per turn, under the turn's key, and not again for a redelivered message", async () => {
    await enableModelMode();
    behaviours.push(understands({ intent: "hours" }, 120), understands({ intent: "address" }, 80));
    const first = await turn({ ...caller(MARIE), message: "Horaires ?", messageExternalId: "SM-1" });
    const again = await turn({ ...caller(MARIE), message: "Horaires ?", messageExternalId: "SM-1" });
    expect(again).toMatchObject({ duplicate: true, reply: first.reply });
    await turn({ ...caller(MARIE), message: "Et vous êtes où ?", messageExternalId: "SM-2" });
    // A failed reading with no usage reported costs nothing.
    behaviours.push(json(503, {}));
    await turn({ ...caller(MARIE), message: "Merci", messageExternalId: "SM-3" });

    expect(requests).toHaveLength(3);
    const usage = await s.admin.query("SELECT metric, quantity, idempotency_key FROM usage_events ORDER BY metric, idempotency_key");
    expect(usage.rows).toEqual([
      { metric: "inbound_message", quantity: 1, idempotency_key: "SM-1" },
      { metric: "inbound_message", quantity: 1, idempotency_key: "SM-2" },
      { metric: "inbound_message", quantity: 1, idempotency_key: "SM-3" },
      { metric: "model_token", quantity: 120, idempotency_key: "model_token:SM-1" },
      { metric: "model_token", quantity: 80, idempotency_key: "model_token:SM-2" },
    ]);
  });
});

describe("model tokens a month", () => {
  it("counts each turn's tokens, alerts once at 80% and 100%, then answers with the keyword engine without asking the model", async () => {
    const id = s.tenantId(TENANT);
    let alerted = 0;
    const counted = createReceptionist(pool, { secrets, modelTimeoutMs: 300, onUsageNotices: () => void alerted++ });
    const ask = (message: string, r = counted) =>
      asTenant(() => r.runAgentTurn({ channel: "whatsapp", now: s.local(TENANT, "2030-01-07", "08:00"), ...caller(MARIE), message }));
    // Earlier turns of this file counted tokens for the same month.
    await s.admin.query(`DELETE FROM usage_counters; DELETE FROM billing_notices`);
    await s.admin.query(`UPDATE plans SET limits = jsonb_set(limits, '{modelTokensPerMonth}', '200') WHERE code = 'custom'`);
    await s.admin.query(`UPDATE tenants SET plan = 'custom' WHERE id = $1`, [id]);
    try {
      await enableModelMode();
      behaviours.push(understands({ intent: "hours" }, 120), understands({ intent: "address" }, 50), understands({ intent: "hours" }, 40));
      await ask("Horaires ?");
      expect(alerted).toBe(0);
      await ask("Et vous êtes où ?");
      expect(alerted).toBe(1);
      await ask("Horaires encore ?");
      expect(alerted).toBe(2);
      const counter = await s.admin.query(`SELECT period, used, included FROM usage_counters WHERE tenant_id = $1 AND metric = 'model_tokens'`, [id]);
      expect(counter.rows).toEqual([{ period: "2030-01", used: 210, included: 200 }]);
      const notices = await s.admin.query(`SELECT notice_key FROM billing_notices WHERE tenant_id = $1 AND metric = 'model_tokens' ORDER BY level`, [id]);
      expect(notices.rows.map((r) => r.notice_key)).toEqual(["usage:model_tokens:2030-01:80", "usage:model_tokens:2030-01:100"]);

      // Used up: the keyword engine answers, the model is not asked, the caller is answered all the same.
      const fallback = await ask("Vous êtes où ?");
      expect(requests).toHaveLength(3);
      expect(fallback.reply).toMatch(/\S/);
      expect((await agentMetadata(fallback.conversationId!)).understanding).toMatchObject({ mode: "deterministic", fallback: "token_limit" });
      // Another instance reads the counter once and does the same.
      await ask("Horaires ?", createReceptionist(pool, { secrets, modelTimeoutMs: 300 }));
      expect(requests).toHaveLength(3);
      expect(alerted).toBe(2);

      // The Billing page shows the month's tokens against the plan's.
      const { billingOverview } = await import("@/lib/billing/billing-overview");
      const overview = await asTenant(() => billingOverview(pool, s.local(TENANT, "2030-01-07", "08:00")));
      expect(overview.usage.find((u) => u.metric === "model_tokens")).toEqual({ metric: "model_tokens", used: 210, limit: 200 });

      // The platform raises the plan's tokens: the next turn asks the model again.
      await s.admin.query(`UPDATE plans SET limits = jsonb_set(limits, '{modelTokensPerMonth}', '1000') WHERE code = 'custom'`);
      behaviours.push(understands({ intent: "address" }, 30));
      await ask("Et l'adresse ?");
      expect(requests).toHaveLength(4);
    } finally {
      await s.admin.query(`UPDATE plans SET limits = jsonb_set(limits, '{modelTokensPerMonth}', '50000000') WHERE code = 'custom'`);
      await s.admin.query(`UPDATE tenants SET plan = 'pro' WHERE id = $1`, [id]);
      await s.admin.query(`DELETE FROM usage_counters; DELETE FROM billing_notices`);
    }
  });
});

describe("base URL guard (server-side request forgery)", () => {
  const port = () => (server.address() as AddressInfo).port;
  const resolvesTo =
    (...addresses: string[]): LookupAll =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  it.each([
    ["ftp://models.example/v1", undefined, "blocked_scheme"],
    ["file:///etc/passwd", undefined, "blocked_scheme"],
    ["http://api.openai.com/v1", undefined, "insecure_scheme"],
    ["http://169.254.169.254/latest/meta-data", undefined, "insecure_scheme"],
    ["https://127.0.0.1/v1", undefined, "blocked_address"],
    ["https://0.0.0.0/v1", undefined, "blocked_address"],
    ["https://10.1.2.3/v1", undefined, "blocked_address"],
    ["https://172.16.5.4/v1", undefined, "blocked_address"],
    ["https://192.168.1.10/v1", undefined, "blocked_address"],
    ["https://100.64.0.1/v1", undefined, "blocked_address"],
    ["https://169.254.169.254/v1", undefined, "blocked_address"],
    ["https://[::1]/v1", undefined, "blocked_address"],
    ["https://[::]/v1", undefined, "blocked_address"],
    ["https://[fd12:3456::1]/v1", undefined, "blocked_address"],
    ["https://[fe80::1]/v1", undefined, "blocked_address"],
    ["https://[::ffff:127.0.0.1]/v1", undefined, "blocked_address"],
    ["https://[::ffff:a9fe:a9fe]/v1", undefined, "blocked_address"],
    ["https://[64:ff9b::a00:1]/v1", undefined, "blocked_address"],
    ["https://metadata.internal/v1", resolvesTo("169.254.169.254"), "blocked_address"],
    ["https://rebind.example/v1", resolvesTo("93.184.216.34", "10.0.0.7"), "blocked_address"],
    ["https://six.example/v1", resolvesTo("fe80::abcd"), "blocked_address"],
    ["https://nowhere.example/v1", (async () => Promise.reject(new Error("ENOTFOUND"))) as LookupAll, "unresolvable_host"],
  ] as const)("refuses %s before connecting", async (url, lookup, reason) => {
    expect(await vetModelEndpoint(url, { ...(lookup ? { lookup } : {}) })).toEqual({ ok: false, reason });
  });

  it("accepts public https endpoints and pins the address it resolved", async () => {
    const vetted = await vetModelEndpoint("https://api.example/v1", { lookup: resolvesTo("93.184.216.34", "2606:2800:220:1::1") });
    expect(vetted).toMatchObject({ ok: true, endpoint: { address: "93.184.216.34", family: 4 } });
    expect(await vetModelEndpoint("https://8.8.8.8/v1")).toMatchObject({ ok: true, endpoint: { address: "8.8.8.8" } });
    expect(["8.8.8.8", "2606:4700:4700::1111", "100.128.0.1", "172.32.0.1"].map(isPublicAddress)).toEqual([true, true, true, true]);
  });

  it("resolves once and connects to that address, whatever the name resolves to afterwards", async () => {
    let lookups = 0;
    const lookup: LookupAll = async () => (lookups++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "10.9.9.9", family: 4 }]);
    const vetted = await vetModelEndpoint(`http://model.test:${port()}/v1`, { allowPrivateHosts: true, lookup });
    expect(vetted.ok).toBe(true);
    if (!vetted.ok) return;
    behaviours.push(json(200, { ok: true }));
    const response = await postToVettedEndpoint(vetted.endpoint, "/chat/completions", { "content-type": "application/json" }, "{}", AbortSignal.timeout(2_000));
    expect(response).toEqual({ status: 200, text: JSON.stringify({ ok: true }) });
    expect(lookups).toBe(1);
    // The name the system resolver does not know reached the stand-in: the pinned address was used.
    expect(requests.at(-1)).toMatchObject({ url: "/v1/chat/completions", headers: { host: `model.test:${port()}` } });
  });

  it.each([
    ["https://127.0.0.1:{port}/v1", "blocked_address"],
    ["https://localhost:{port}/v1", "blocked_address"],
    ["http://127.0.0.1:{port}/v1", "insecure_scheme"],
  ])("a turn with base URL %s falls back to the keyword rules, says why, and never connects", async (template, reason) => {
    await enableModelMode(template.replace("{port}", String(port())));
    delete process.env.MODEL_ALLOW_PRIVATE_HOSTS;
    behaviours.push(understands({ intent: "hours" }));
    const out = await turn({ ...caller(MARIE), message: "Quelle est votre adresse ?" });
    expect(out.reply).toBe("L'adresse de Cabinet Dr Dupont : Rue du Rhône 42, 1204 Genève.");
    expect(await agentMetadata(out.conversationId)).toMatchObject({ understanding: { mode: "deterministic", model: "gpt-test", fallback: reason } });
    expect(connections).toBe(0);
    expect(requests).toHaveLength(0);
  });
});
