import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "./channel-test-env";

/*
 * Vapi delivers at least once and in no guaranteed order. A toolCallId runs
 * its tool once and every delivery gets that answer; a call's status only
 * moves forward and the end-of-call report has the last word; dates and
 * numbers out of any call's range are dropped and named, never a 500 (which
 * Vapi would retry forever).
 */

let env: ChannelTestEnv;
let POST: (request: Request) => Promise<Response>;

const CALLER = "+41791234599";

beforeAll(async () => {
  env = await setUpChannelTest("vapievents");
  ({ POST } = await import("@/app/api/webhooks/vapi/route"));
});

afterAll(async () => {
  await env?.close();
});

const dupont = () => env.tenants["cabinet-dupont"];

function vapiMessage(type: string, callId: string, extra: Record<string, unknown> = {}) {
  return {
    message: {
      timestamp: Date.parse("2026-11-23T10:00:00.000Z"),
      type,
      call: { id: callId, type: "inboundPhoneCall", customer: { number: CALLER } },
      phoneNumber: { id: "pn-1", provider: "twilio", number: dupont().voiceNumber },
      customer: { number: CALLER },
      ...extra,
    },
  };
}

function post(body: unknown): Promise<Response> {
  return POST(
    new Request("http://internal:3000/api/webhooks/vapi", {
      method: "POST",
      headers: { "content-type": "application/json", "x-vapi-secret": dupont().vapiSecret },
      body: JSON.stringify(body),
    }),
  );
}

/** Resolves once some other session waits on a lock held by `holder`'s transaction. */
async function waitForLockWaiter(holder: pg.Client): Promise<void> {
  const pid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  for (let i = 0; i < 500; i++) {
    const { rows } = await env.admin.query(`SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [pid]);
    if (rows.length) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("no session came to wait on the claim");
}

describe("tool calls are answered once per toolCallId", () => {
  const booking = (callId: string, toolCallId: string, startsAt: string) =>
    vapiMessage("tool-calls", callId, {
      toolCallList: [
        {
          id: toolCallId,
          type: "function",
          function: { name: "book_appointment", arguments: JSON.stringify({ service: "Consultation", startsAt, name: "Jean Voix" }) },
        },
      ],
    });
  const bookingsAt = (iso: string) =>
    env.admin.query(`SELECT id FROM appointments WHERE tenant_id = $1 AND starts_at = $2 AND status = 'booked'`, [dupont().id, iso]);

  it("5 concurrent deliveries of one toolCallId book once and all get the same successful result", async () => {
    const callId = randomUUID();
    const toolCallId = `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
    const body = booking(callId, toolCallId, "2030-01-15T15:00");
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const answers = await Promise.all(responses.map((r) => r.json()));
    for (const a of answers) expect(a).toEqual(answers[0]);
    const [result] = answers[0].results;
    expect(result).toMatchObject({ toolCallId, name: "book_appointment" });
    expect(result.error).toBeUndefined();
    expect(result.result).toBeTruthy();
    expect((await bookingsAt("2030-01-15T14:00:00Z")).rows).toHaveLength(1);
    // The call's transcript holds the tool's answer once, linked to the booking's conversation.
    const messages = await env.admin.query(
      `SELECT m.content, a.id AS appointment FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
       LEFT JOIN appointments a ON a.tenant_id = c.tenant_id AND a.conversation_id = c.id
       WHERE m.tenant_id = $1 AND c.external_id = $2 AND m.role = 'tool'`,
      [dupont().id, callId],
    );
    expect(messages.rows).toEqual([{ content: result.result, appointment: expect.any(String) }]);

    // A later retry replays the stored answer and books nothing.
    const before = await env.countRows();
    const again = await (await post(body)).json();
    expect(again).toEqual(answers[0]);
    expect(await env.countRows()).toEqual(before);
  });

  it("a different toolCallId for the same slot runs the tool again (and is told the slot is taken)", async () => {
    const callId = randomUUID();
    const first = await (await post(booking(callId, "call_first_0000000000000000", "2030-01-16T15:00"))).json();
    const second = await (await post(booking(callId, "call_second_000000000000000", "2030-01-16T15:00"))).json();
    expect(first.results[0].result).toBeTruthy();
    expect(second.results[0]).not.toEqual({ ...first.results[0], toolCallId: "call_second_000000000000000" });
    expect((await bookingsAt("2030-01-16T14:00:00Z")).rows).toHaveLength(1);
  });

  it("a delivery that meets the call being run elsewhere waits for its answer instead of running the tool", async () => {
    const { runToolCallOnce } = await import("@/lib/channels/tool-call-ledger");
    const { runAsTenant } = await import("@/lib/tenancy");
    const toolCallId = "call_elsewhere_0000000000000";
    // Another instance claimed it in its transaction and is still running the tool.
    const other = new pg.Client({ connectionString: env.db.adminUrl });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`INSERT INTO vapi_tool_calls (tenant_id, tool_call_id, name) VALUES ($1, $2, 'book_appointment')`, [dupont().id, toolCallId]);
      let ran = false;
      const delivery = runAsTenant(dupont().id, () =>
        runToolCallOnce(toolCallId, "book_appointment", undefined, async () => ((ran = true), { result: "ran here" })),
      );
      // This delivery's claim waits on the other's row until it commits with its outcome.
      await waitForLockWaiter(other);
      await other.query(`UPDATE vapi_tool_calls SET outcome = '{"result":"booked elsewhere"}', completed_at = now() WHERE tool_call_id = $1`, [toolCallId]);
      await other.query("COMMIT");
      expect(await delivery).toEqual({ result: "booked elsewhere" });
      expect(ran).toBe(false);
    } finally {
      await other.end();
    }
  });

  it("a delivery that meets an owner which then fails runs the tool itself", async () => {
    const { runToolCallOnce } = await import("@/lib/channels/tool-call-ledger");
    const { runAsTenant } = await import("@/lib/tenancy");
    const toolCallId = "call_rolledback_00000000000";
    const other = new pg.Client({ connectionString: env.db.adminUrl });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`INSERT INTO vapi_tool_calls (tenant_id, tool_call_id, name) VALUES ($1, $2, 'check_availability')`, [dupont().id, toolCallId]);
      const delivery = runAsTenant(dupont().id, () => runToolCallOnce(toolCallId, "check_availability", undefined, async () => ({ result: "ran here" })));
      await waitForLockWaiter(other);
      await other.query("ROLLBACK");
      expect(await delivery).toEqual({ result: "ran here" });
      const rows = await env.admin.query(`SELECT outcome FROM vapi_tool_calls WHERE tool_call_id = $1`, [toolCallId]);
      expect(rows.rows).toEqual([{ outcome: { result: "ran here" } }]);
    } finally {
      await other.end();
    }
  });

  it("an owner that fails on our side leaves no claim behind, so the retry runs the tool", async () => {
    const { runToolCallOnce } = await import("@/lib/channels/tool-call-ledger");
    const { runAsTenant } = await import("@/lib/tenancy");
    const toolCallId = "call_failing_000000000000000";
    await expect(
      runAsTenant(dupont().id, () => runToolCallOnce(toolCallId, "check_availability", undefined, async () => Promise.reject(new Error("database down")))),
    ).rejects.toThrow("database down");
    const retried = await runAsTenant(dupont().id, () => runToolCallOnce(toolCallId, "check_availability", undefined, async () => ({ result: "free" })));
    expect(retried).toEqual({ result: "free" });
    const rows = await env.admin.query(`SELECT outcome FROM vapi_tool_calls WHERE tool_call_id = $1`, [toolCallId]);
    expect(rows.rows).toEqual([{ outcome: { result: "free" } }]);
  });
});

describe("call status only moves forward; the end-of-call report has the last word", () => {
  const status = (callId: string, value: string, at: string, extra: Record<string, unknown> = {}) =>
    post(vapiMessage("status-update", callId, { status: value, timestamp: Date.parse(at), ...extra }));
  const report = (callId: string) =>
    post(
      vapiMessage("end-of-call-report", callId, {
        timestamp: Date.parse("2026-11-23T10:05:00.000Z"),
        endedReason: "customer-ended-call",
        startedAt: "2026-11-23T10:00:00.000Z",
        endedAt: "2026-11-23T10:04:30.000Z",
        durationSeconds: 270,
      }),
    );
  const row = async (callId: string) =>
    (
      await env.admin.query(
        `SELECT status, call_status, ended_reason, ended_at, call_reported_at IS NOT NULL AS reported FROM conversations WHERE external_id = $1`,
        [callId],
      )
    ).rows[0];

  it("late in-progress and ended updates after the report change nothing", async () => {
    const callId = randomUUID();
    expect((await report(callId)).status).toBe(200);
    const final = await row(callId);
    expect(final).toMatchObject({ status: "ended", call_status: "ended", ended_reason: "customer-ended-call", reported: true });
    expect(final.ended_at.toISOString()).toBe("2026-11-23T10:04:30.000Z");

    expect((await status(callId, "in-progress", "2026-11-23T10:00:01.000Z")).status).toBe(200);
    expect((await status(callId, "ended", "2026-11-23T10:09:00.000Z", { endedReason: "silence-timed-out", call: { id: callId, endedAt: "2026-11-23T10:09:00.000Z" } })).status).toBe(200);
    expect(await row(callId)).toEqual(final);
  });

  it("an update older in the call's life than the stored one is ignored, whatever order they arrive in", async () => {
    const callId = randomUUID();
    await status(callId, "in-progress", "2026-11-23T10:00:02.000Z");
    await status(callId, "ringing", "2026-11-23T10:00:01.000Z");
    await status(callId, "queued", "2026-11-23T10:00:00.000Z");
    expect(await row(callId)).toMatchObject({ status: "open", call_status: "in-progress" });

    // An early `ended` gives provisional values, which the report then replaces.
    await status(callId, "ended", "2026-11-23T10:04:31.000Z", { endedReason: "hangup" });
    expect(await row(callId)).toMatchObject({ status: "ended", call_status: "ended", ended_reason: "hangup", reported: false });
    await report(callId);
    const final = await row(callId);
    expect(final).toMatchObject({ ended_reason: "customer-ended-call", reported: true });
    expect(final.ended_at.toISOString()).toBe("2026-11-23T10:04:30.000Z");
  });

  it("concurrent, shuffled updates and the report leave exactly the report's values", async () => {
    const callId = randomUUID();
    await Promise.all([
      status(callId, "ended", "2026-11-23T10:04:31.000Z", { endedReason: "hangup" }),
      report(callId),
      status(callId, "in-progress", "2026-11-23T10:00:02.000Z"),
      status(callId, "ringing", "2026-11-23T10:00:01.000Z"),
    ]);
    const final = await row(callId);
    expect(final).toMatchObject({ status: "ended", call_status: "ended", ended_reason: "customer-ended-call", reported: true });
    expect(final.ended_at.toISOString()).toBe("2026-11-23T10:04:30.000Z");
    const n = await env.admin.query(`SELECT count(*)::int AS n FROM conversations WHERE external_id = $1`, [callId]);
    expect(n.rows[0].n).toBe(1);
  });
});

describe("provider dates and numbers out of range", () => {
  it.each([
    ["durationSeconds 3e9", { durationSeconds: 3e9 }, "durationSeconds"],
    ["a year -10000", { endedAt: "-010000-01-01T00:00:00.000Z" }, "endedAt"],
    ["a year +275760", { startedAt: "+275760-09-13T00:00:00.000Z" }, "startedAt"],
    ["a negative duration", { durationSeconds: -5 }, "durationSeconds"],
    ["an event timestamp of 8.64e15", { timestamp: 8.64e15 }, "timestamp"],
    [
      "a negative message time",
      { artifact: { messages: [{ role: "user", message: "allô", time: -1000, secondsFromStart: -3 }] } },
      "artifact.messages.0.time",
    ],
  ])("an end-of-call report with %s is recorded without it, and the reply names it", async (_label, extra, field) => {
    const callId = randomUUID();
    const res = await post(vapiMessage("end-of-call-report", callId, { endedReason: "customer-ended-call", ...extra }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.received).toBe(true);
    expect(body.ignored).toContain(field);
    const conv = await env.admin.query(`SELECT status, ended_reason FROM conversations WHERE external_id = $1`, [callId]);
    expect(conv.rows).toEqual([{ status: "ended", ended_reason: "customer-ended-call" }]);
    const usage = await env.admin.query(`SELECT quantity FROM usage_events WHERE idempotency_key = $1`, [`call_second:${callId}`]);
    for (const u of usage.rows) expect(u.quantity).toBeLessThanOrEqual(2 * 24 * 3600);
  });

  it("a status update dated year 275760 is applied without its dates", async () => {
    const callId = randomUUID();
    const res = await post(vapiMessage("status-update", callId, { status: "in-progress", timestamp: 8.64e15, call: { id: callId, startedAt: "+275760-09-13T00:00:00.000Z" } }));
    expect(res.status).toBe(200);
    expect((await res.json()).ignored).toEqual(["timestamp", "call.startedAt"]);
    const conv = await env.admin.query(`SELECT call_status FROM conversations WHERE external_id = $1`, [callId]);
    expect(conv.rows).toEqual([{ call_status: "in-progress" }]);
  });
});
