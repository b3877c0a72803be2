import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_URL, setUpChannelTest, type ChannelTestEnv } from "./channel-test-env";

/*
 * Contract of POST /api/webhooks/vapi with Vapi server-URL payloads as Vapi
 * sends them (message envelope, call, phoneNumber, customer, artifact).
 */

let env: ChannelTestEnv;
let POST: (request: Request) => Promise<Response>;

const CALLER = "+41791234567";

beforeAll(async () => {
  env = await setUpChannelTest("vapi");
  ({ POST } = await import("@/app/api/webhooks/vapi/route"));
});

afterAll(async () => {
  await env?.close();
});

function vapiMessage(type: string, calledNumber: string, callId: string, extra: Record<string, unknown> = {}) {
  return {
    message: {
      timestamp: Date.now(),
      type,
      call: {
        id: callId,
        orgId: "8f0a1c1e-3b0e-4e4c-9d3e-1f2a3b4c5d6e",
        type: "inboundPhoneCall",
        status: "in-progress",
        phoneNumberId: "5d6e7f80-aaaa-bbbb-cccc-000000000001",
        customer: { number: CALLER },
        createdAt: "2026-11-23T09:59:58.000Z",
        startedAt: "2026-11-23T10:00:00.000Z",
      },
      phoneNumber: {
        id: "5d6e7f80-aaaa-bbbb-cccc-000000000001",
        provider: "twilio",
        number: calledNumber,
        name: "Main line",
        twilioAccountSid: "AC00000000000000000000000000000000",
      },
      customer: { number: CALLER },
      ...extra,
    },
  };
}

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return POST(
    new Request("http://internal:3000/api/webhooks/vapi", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const dupont = () => env.tenants["cabinet-dupont"];
const maple = () => env.tenants["maple-dental"];

describe("authentication and routing", () => {
  it("accepts the secret as x-vapi-secret or as a bearer token", async () => {
    const body = vapiMessage("assistant-request", dupont().voiceNumber, randomUUID());
    expect((await post(body, { "x-vapi-secret": dupont().vapiSecret })).status).toBe(200);
    expect((await post(body, { authorization: `Bearer ${dupont().vapiSecret}` })).status).toBe(200);
  });

  it("refuses a missing, wrong or other tenant's secret with 401 and writes nothing", async () => {
    const before = await env.countRows();
    const callId = randomUUID();
    const report = vapiMessage("end-of-call-report", dupont().voiceNumber, callId, {
      endedReason: "customer-ended-call",
      durationSeconds: 30,
      artifact: { transcript: "User: hi", messages: [{ role: "user", message: "hi", time: Date.now(), secondsFromStart: 1 }] },
    });
    for (const headers of [
      {},
      { "x-vapi-secret": "wrong" },
      { "x-vapi-secret": dupont().vapiSecret + "x" },
      { authorization: "Bearer " },
      { authorization: `Basic ${dupont().vapiSecret}` },
      { "x-vapi-secret": maple().vapiSecret },
    ]) {
      const res = await post(report, headers as Record<string, string>);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    expect(await env.countRows()).toEqual(before);
  });

  it("answers 404 JSON for a number no tenant routes, 400 naming the field for a malformed body", async () => {
    const unknown = await post(vapiMessage("assistant-request", "+41225559999", randomUUID()), { "x-vapi-secret": dupont().vapiSecret });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found", field: "message.phoneNumber.number" } });

    const noNumber = await post({ message: { type: "assistant-request" } }, { "x-vapi-secret": dupont().vapiSecret });
    expect(noNumber.status).toBe(400);
    expect((await noNumber.json()).error.field).toBe("message.phoneNumber");

    const notJson = await post("{not json", { "x-vapi-secret": dupont().vapiSecret });
    expect(notJson.status).toBe(400);
  });
});

describe("assistant-request", () => {
  it("returns a transient assistant in the tenant's language with the five tools pointing back here", async () => {
    const res = await post(vapiMessage("assistant-request", dupont().voiceNumber, randomUUID()), { "x-vapi-secret": dupont().vapiSecret });
    expect(res.status).toBe(200);
    const { assistant } = await res.json();
    expect(typeof assistant.firstMessage).toBe("string");
    expect(assistant.firstMessage.length).toBeGreaterThan(0);
    expect(assistant.transcriber.language).toBe("fr");
    expect(assistant.voice).toMatchObject({ provider: "openai", voiceId: "alloy" });
    expect(assistant.model.messages[0].content).toContain("Cabinet Dr Dupont");
    const tools = assistant.model.tools as Array<{ type: string; function: { name: string }; server?: { url: string } }>;
    expect(tools.map((t) => t.function.name).sort()).toEqual(
      ["book_appointment", "cancel_appointment", "check_availability", "reschedule_appointment", "transfer_call"].sort(),
    );
    for (const t of tools.filter((x) => x.function.name !== "transfer_call")) {
      expect(t.type).toBe("function");
      expect(t.server!.url).toBe(`${PUBLIC_URL}/api/webhooks/vapi`);
    }
    expect(assistant.serverMessages).toContain("transfer-destination-request");

    const en = await (await post(vapiMessage("assistant-request", maple().voiceNumber, randomUUID()), { "x-vapi-secret": maple().vapiSecret })).json();
    expect(en.assistant.transcriber.language).toBe("en");
    expect(en.assistant.model.messages[0].content).toContain("Maple Dental");
  });

  it("hands transfer_call to Vapi's own transferCall tool, dialling the tenant's transfer phone", async () => {
    const { assistant } = await (
      await post(vapiMessage("assistant-request", dupont().voiceNumber, randomUUID()), { "x-vapi-secret": dupont().vapiSecret })
    ).json();
    const transfer = assistant.model.tools.find((t: { function: { name: string } }) => t.function.name === "transfer_call");
    expect(transfer).toMatchObject({
      type: "transferCall",
      destinations: [{ type: "number", number: "+41225550100", message: expect.stringMatching(/ne quittez pas/) }],
    });

    // Without a transfer phone it stays a function tool whose answer says to take a message.
    const profile = await env.admin.query(`SELECT transfer_phone FROM business_profiles WHERE tenant_id = $1`, [maple().id]);
    await env.admin.query(`UPDATE business_profiles SET transfer_phone = NULL WHERE tenant_id = $1`, [maple().id]);
    try {
      const en = await (await post(vapiMessage("assistant-request", maple().voiceNumber, randomUUID()), { "x-vapi-secret": maple().vapiSecret })).json();
      const fallback = en.assistant.model.tools.find((t: { function: { name: string } }) => t.function.name === "transfer_call");
      expect(fallback).toMatchObject({ type: "function", server: { url: `${PUBLIC_URL}/api/webhooks/vapi` } });
      expect(fallback).not.toHaveProperty("destinations");
    } finally {
      await env.admin.query(`UPDATE business_profiles SET transfer_phone = $2 WHERE tenant_id = $1`, [maple().id, profile.rows[0].transfer_phone]);
    }
  });

  it("transfers a suspended tenant's caller to the business's number and stores nothing", async () => {
    await env.admin.query(`UPDATE tenants SET status = 'suspended' WHERE id = $1`, [maple().id]);
    const phone = (await env.admin.query(`SELECT transfer_phone FROM business_profiles WHERE tenant_id = $1`, [maple().id])).rows[0]?.transfer_phone;
    try {
      const before = await env.countRows();
      const res = await post(vapiMessage("assistant-request", maple().voiceNumber, randomUUID()), { "x-vapi-secret": maple().vapiSecret });
      expect(res.status).toBe(200);
      const body = await res.json();
      // A destination in the assistant-request answer transfers at once, skipping any assistant.
      if (phone) {
        expect(Object.keys(body)).toEqual(["destination"]);
        expect(body.destination).toMatchObject({ type: "number", number: expect.stringMatching(/^\+\d+$/) });
        expect(body.destination.message).toMatch(/Maple Dental/);
      } else {
        expect(Object.keys(body)).toEqual(["error"]);
        expect(body.error).toMatch(/Maple Dental/);
      }
      const report = vapiMessage("end-of-call-report", maple().voiceNumber, randomUUID(), { endedReason: "assistant-forwarded-call", durationSeconds: 3 });
      expect((await post(report, { "x-vapi-secret": maple().vapiSecret })).status).toBe(200);
      expect(await env.countRows()).toEqual(before);
    } finally {
      await env.admin.query(`UPDATE tenants SET status = 'active' WHERE id = $1`, [maple().id]);
    }
  });
});

describe("tool-calls", () => {
  it("answers every call shape with { results: [{ toolCallId, name, result|error }] } and HTTP 200", async () => {
    const callId = randomUUID();
    const args = { service: "Consultation", date: "2030-01-08", time: "10:00" };
    const body = vapiMessage("tool-calls", dupont().voiceNumber, callId, {
      toolCallList: [
        { id: "call_a", type: "function", function: { name: "check_availability", arguments: JSON.stringify(args) } },
        { id: "call_b", type: "function", function: { name: "check_availability", arguments: args } },
        { id: "call_c", name: "check_availability", parameters: args },
        { id: "call_d", type: "function", function: { name: "no_such_tool", arguments: "{}" } },
        { id: "call_e", type: "function", function: { name: "check_availability", arguments: "{not json" } },
      ],
    });
    const res = await post(body, { "x-vapi-secret": dupont().vapiSecret });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Array<Record<string, string>> };
    expect(results.map((r) => [r.toolCallId, r.name])).toEqual([
      ["call_a", "check_availability"],
      ["call_b", "check_availability"],
      ["call_c", "check_availability"],
      ["call_d", "no_such_tool"],
      ["call_e", "check_availability"],
    ]);
    for (const r of results) {
      expect(("result" in r) !== ("error" in r)).toBe(true);
      const text = r.result ?? r.error!;
      expect(typeof text).toBe("string");
      if (r.error) expect(r.error).not.toMatch(/\n/);
    }
    // The same arguments in three shapes give the same answer.
    expect(results[1]).toEqual({ ...results[0], toolCallId: "call_b" });
    expect(results[2]).toEqual({ ...results[0], toolCallId: "call_c" });
    expect(results[3]!.error).toBeTruthy();
    expect(results[4]!.error).toMatch(/JSON/);
  });

  it("books, then cancels, for the caller identified by caller ID", async () => {
    const callId = randomUUID();
    const call = (name: string, args: Record<string, unknown>) =>
      post(
        vapiMessage("tool-calls", dupont().voiceNumber, callId, {
          toolCallList: [{ id: `call_${name}`, type: "function", function: { name, arguments: JSON.stringify(args) } }],
        }),
        { "x-vapi-secret": dupont().vapiSecret },
      ).then(async (r) => ((await r.json()) as { results: Array<{ result?: string; error?: string }> }).results[0]!);

    const booked = await call("book_appointment", { service: "Consultation", startsAt: "2030-01-09T14:00", name: "Jean Voix" });
    expect(booked.result).toBeTruthy();
    const rows = () =>
      env.admin.query(
        `SELECT a.tenant_id, a.starts_at, a.status, a.channel, c.phone FROM appointments a JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id
         WHERE a.starts_at = '2030-01-09T13:00:00Z'`,
      );
    expect((await rows()).rows).toEqual([
      { tenant_id: dupont().id, starts_at: new Date("2030-01-09T13:00:00Z"), status: "booked", channel: "voice", phone: CALLER },
    ]);

    const cancelled = await call("cancel_appointment", { startsAt: "2030-01-09T14:00" });
    expect(cancelled.result).toBeTruthy();
    expect((await rows()).rows[0].status).toBe("cancelled");

    const transfer = await call("transfer_call", { reason: "wants a human" });
    expect(transfer.result).toContain("+41225550100");
  });

  it("accepts toolWithToolCallList alone", async () => {
    const body = vapiMessage("tool-calls", dupont().voiceNumber, randomUUID(), {
      toolWithToolCallList: [
        {
          type: "function",
          function: { name: "check_availability", parameters: { type: "object", properties: {} } },
          toolCall: { id: "call_x", type: "function", function: { name: "check_availability", arguments: "{}" } },
        },
      ],
    });
    const res = await post(body, { "x-vapi-secret": dupont().vapiSecret });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ toolCallId: "call_x", name: "check_availability" });
  });

  it("refuses a tool-calls message without calls, naming the field", async () => {
    const res = await post(vapiMessage("tool-calls", dupont().voiceNumber, randomUUID(), { toolCallList: [] }), { "x-vapi-secret": dupont().vapiSecret });
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("toolCallList");
  });
});

describe("transfer-destination-request", () => {
  const request = (tenant: () => { voiceNumber: string; vapiSecret: string }, headers?: Record<string, string>) =>
    post(
      vapiMessage("transfer-destination-request", tenant().voiceNumber, randomUUID(), {
        artifact: { messages: [{ role: "user", message: "Je voudrais parler à quelqu'un", time: Date.now(), secondsFromStart: 4 }] },
      }),
      headers ?? { "x-vapi-secret": tenant().vapiSecret },
    );

  it("answers with the tenant's transfer phone as a number destination, in the tenant's language", async () => {
    const res = await request(dupont);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      destination: { type: "number", number: "+41225550100", message: expect.stringMatching(/ne quittez pas/), description: expect.any(String) },
    });
    const en = await (await request(maple)).json();
    expect(en.destination).toMatchObject({ type: "number", message: expect.stringMatching(/please hold/) });
    expect(en.destination.number).toMatch(/^\+1\d{10}$/);
  });

  it("refuses with an error when no transfer phone is set, and only for the tenant's own secret", async () => {
    const profile = await env.admin.query(`SELECT transfer_phone FROM business_profiles WHERE tenant_id = $1`, [maple().id]);
    await env.admin.query(`UPDATE business_profiles SET transfer_phone = NULL WHERE tenant_id = $1`, [maple().id]);
    try {
      const body = await (await request(maple)).json();
      expect(Object.keys(body)).toEqual(["error"]);
      expect(body.error).toMatch(/take a message/);
    } finally {
      await env.admin.query(`UPDATE business_profiles SET transfer_phone = $2 WHERE tenant_id = $1`, [maple().id, profile.rows[0].transfer_phone]);
    }
    const stolen = await request(dupont, { "x-vapi-secret": maple().vapiSecret });
    expect(stolen.status).toBe(401);
  });
});

describe("end-of-call-report and status-update", () => {
  const started = "2026-11-23T10:00:00.000Z";
  const ended = "2026-11-23T10:01:23.400Z";

  function report(callId: string) {
    const t0 = Date.parse(started);
    return vapiMessage("end-of-call-report", dupont().voiceNumber, callId, {
      endedReason: "customer-ended-call",
      startedAt: started,
      endedAt: ended,
      durationSeconds: 83.4,
      durationMs: 83400,
      cost: 0.0842,
      analysis: { summary: "Le patient a pris rendez-vous pour une consultation.", successEvaluation: "true" },
      artifact: {
        recordingUrl: "https://storage.vapi.ai/recording.wav",
        transcript: "AI: Cabinet du Dr Dupont, bonjour !\nUser: Je voudrais un rendez-vous demain à 10h.",
        messages: [
          { role: "system", message: "Vous êtes Camille…", time: t0, secondsFromStart: 0 },
          { role: "bot", message: "Cabinet du Dr Dupont, bonjour !", time: t0 + 500, endTime: t0 + 2500, secondsFromStart: 0.5, duration: 2000 },
          { role: "user", message: "Je voudrais un rendez-vous demain à 10h.", time: t0 + 3000, endTime: t0 + 5000, secondsFromStart: 3, duration: 2000 },
          { role: "tool_calls", toolCalls: [{ id: "call_a", type: "function", function: { name: "check_availability", arguments: "{}" } }], time: t0 + 5500, secondsFromStart: 5.5 },
          { role: "tool_call_result", name: "check_availability", result: "…", toolCallId: "call_a", time: t0 + 6000, secondsFromStart: 6 },
        ],
      },
    });
  }

  it("stores transcript, summary, ended reason and times on the call's conversation, and the call seconds once", async () => {
    const callId = randomUUID();
    const res = await post(report(callId), { "x-vapi-secret": dupont().vapiSecret });
    expect(res.status, await res.clone().text()).toBe(200);

    const conv = await env.admin.query(
      `SELECT id, tenant_id, channel, status, transcript, summary, ended_reason, started_at, ended_at FROM conversations WHERE external_id = $1`,
      [callId],
    );
    expect(conv.rows).toHaveLength(1);
    const c = conv.rows[0];
    expect(c).toMatchObject({
      tenant_id: dupont().id,
      channel: "voice",
      status: "ended",
      ended_reason: "customer-ended-call",
      summary: "Le patient a pris rendez-vous pour une consultation.",
    });
    expect(c.transcript).toContain("Je voudrais un rendez-vous");
    expect(c.started_at.toISOString()).toBe(started);
    expect(c.ended_at.toISOString()).toBe(ended);

    const messages = await env.admin.query(`SELECT role, content FROM messages WHERE conversation_id = $1 ORDER BY created_at`, [c.id]);
    expect(messages.rows).toEqual([
      { role: "agent", content: "Cabinet du Dr Dupont, bonjour !" },
      { role: "caller", content: "Je voudrais un rendez-vous demain à 10h." },
    ]);
    const usage = await env.admin.query(`SELECT metric, quantity, tenant_id FROM usage_events WHERE idempotency_key LIKE $1`, [`%${callId}%`]);
    expect(usage.rows).toEqual([{ metric: "call_second", quantity: 84, tenant_id: dupont().id }]);

    // Vapi delivers at least once: the same report again changes no row count.
    const before = await env.countRows();
    const again = await post(report(callId), { "x-vapi-secret": dupont().vapiSecret });
    expect(again.status).toBe(200);
    expect(await env.countRows()).toEqual(before);
    const usageAfter = await env.admin.query(`SELECT quantity FROM usage_events WHERE idempotency_key LIKE $1`, [`%${callId}%`]);
    expect(usageAfter.rows).toEqual([{ quantity: 84 }]);
  });

  it("two simultaneous deliveries of one report record one conversation and one usage event", async () => {
    const callId = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => post(report(callId), { "x-vapi-secret": dupont().vapiSecret })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const n = await env.admin.query(
      `SELECT (SELECT count(*)::int FROM conversations WHERE external_id = $1) AS conversations,
              (SELECT count(*)::int FROM usage_events WHERE idempotency_key LIKE '%' || $1 || '%') AS usage`,
      [callId],
    );
    expect(n.rows[0]).toEqual({ conversations: 1, usage: 1 });
  });

  it("status-update opens, forwards and ends the call's conversation; other messages are acknowledged", async () => {
    const callId = randomUUID();
    const secret = { "x-vapi-secret": dupont().vapiSecret };
    expect((await post(vapiMessage("status-update", dupont().voiceNumber, callId, { status: "in-progress" }), secret)).status).toBe(200);
    const status = async () =>
      (await env.admin.query(`SELECT status, ended_reason FROM conversations WHERE external_id = $1`, [callId])).rows[0];
    expect(await status()).toEqual({ status: "open", ended_reason: null });

    await post(vapiMessage("status-update", dupont().voiceNumber, callId, { status: "forwarding", destination: { type: "number", number: "+41225550100" } }), secret);
    expect((await status()).status).toBe("handed_off");
    await post(vapiMessage("status-update", dupont().voiceNumber, callId, { status: "ended", endedReason: "assistant-forwarded-call" }), secret);
    expect(await status()).toEqual({ status: "handed_off", ended_reason: "assistant-forwarded-call" });

    const before = await env.countRows();
    for (const type of ["speech-update", "transcript", "conversation-update", "hang", "user-interrupted"]) {
      const res = await post(vapiMessage(type, dupont().voiceNumber, callId, { status: "started", role: "user", transcript: "allo" }), secret);
      expect(res.status).toBe(200);
    }
    expect(await env.countRows()).toEqual(before);
  });
});
