import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * Call recording consent: the assistant Vapi receives says
 * artifactPlan.recordingEnabled false unless the owner turned recording on
 * (Vapi records by default); once on, the first words say the call is
 * recorded, in the tenant's language. The setting is the owner's alone,
 * audited, and its retention is capped at 183 days (CNIL: 6 months). The
 * end-of-call report's recording URLs are stored so the purge can clear them.
 */

let roles: ConsoleRolesEnv;
let vapi: (request: Request) => Promise<Response>;
let recording: { GET: Handler; PUT: Handler };

beforeAll(async () => {
  roles = await setUpConsoleRoles("recording", { members: ["admin", "staff"] });
  ({ POST: vapi } = await import("@/app/api/webhooks/vapi/route"));
  recording = (await import("@/app/api/settings/recording/route")) as unknown as typeof recording;
}, 120_000);

afterAll(async () => {
  await roles?.env.close();
});

const maple = () => roles.env.tenants["maple-dental"];
const dupont = () => roles.env.tenants["cabinet-dupont"];

function assistantRequest(tenant: { voiceNumber: string }, callId = randomUUID(), type = "assistant-request", extra: Record<string, unknown> = {}) {
  return {
    message: {
      timestamp: Date.now(),
      type,
      call: { id: callId, type: "inboundPhoneCall", customer: { number: "+15145550199" }, startedAt: "2027-01-10T15:00:00.000Z" },
      phoneNumber: { number: tenant.voiceNumber, provider: "twilio" },
      customer: { number: "+15145550199" },
      ...extra,
    },
  };
}

async function assistantOf(tenant: { voiceNumber: string; vapiSecret: string }) {
  const res = await vapi(
    new Request("http://internal:3000/api/webhooks/vapi", {
      method: "POST",
      headers: { "content-type": "application/json", "x-vapi-secret": tenant.vapiSecret },
      body: JSON.stringify(assistantRequest(tenant)),
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()).assistant as { firstMessage: string; artifactPlan?: { recordingEnabled?: boolean } };
}

describe("the assistant sent to Vapi", () => {
  it("turns recording off explicitly by default, and says nothing about it", async () => {
    for (const tenant of [maple(), dupont()]) {
      const assistant = await assistantOf(tenant);
      expect(assistant.artifactPlan).toEqual({ recordingEnabled: false });
      expect(assistant.firstMessage).not.toMatch(/record|enregistr/i);
    }
  });

  it("records once the owner turns it on, and the first message says so in the tenant's language; other tenants stay off", async () => {
    const saved = await roles.send("owner", recording.PUT, "PUT", { body: { enabled: true, retentionDays: 90 } });
    expect(saved.status, saved.text).toBe(200);
    const en = await assistantOf(maple());
    expect(en.artifactPlan).toEqual({ recordingEnabled: true });
    expect(en.firstMessage.startsWith("This call is recorded.")).toBe(true);
    expect((await assistantOf(dupont())).artifactPlan).toEqual({ recordingEnabled: false });

    await roles.env.admin.query(`UPDATE tenants SET settings = settings || '{"recording": {"enabled": true, "retentionDays": 30}}' WHERE id = $1`, [dupont().id]);
    const fr = await assistantOf(dupont());
    expect(fr.artifactPlan).toEqual({ recordingEnabled: true });
    expect(fr.firstMessage.startsWith("Cet appel est enregistré.")).toBe(true);

    const trail = await roles.env.admin.query(
      `SELECT actor_user_id IS NOT NULL AS by_member, metadata FROM audit_events WHERE tenant_id = $1 AND action = 'settings.recording.updated'`,
      [maple().id],
    );
    expect(trail.rows).toEqual([{ by_member: true, metadata: { from: { enabled: false, retentionDays: 30 }, to: { enabled: true, retentionDays: 90 } } }]);

    const off = await roles.send("owner", recording.PUT, "PUT", { body: { enabled: false, retentionDays: 90 } });
    expect(off.status).toBe(200);
    expect((await assistantOf(maple())).artifactPlan).toEqual({ recordingEnabled: false });
  });
});

describe("the recording setting", () => {
  it("refuses a retention above 183 days, naming the field, and changes nothing", async () => {
    const before = (await roles.env.admin.query(`SELECT settings FROM tenants WHERE id = $1`, [maple().id])).rows[0].settings;
    for (const retentionDays of [400, 184, 0, 30.5, "90"]) {
      const res = await roles.send("owner", recording.PUT, "PUT", { body: { enabled: true, retentionDays } });
      expect(res.status).toBe(400);
      expect(res.json.error?.field).toBe("retentionDays");
    }
    const at183 = await roles.send("owner", recording.PUT, "PUT", { body: { enabled: true, retentionDays: 183 } });
    expect(at183.status).toBe(200);
    await roles.send("owner", recording.PUT, "PUT", { body: before.recording ?? { enabled: false, retentionDays: 30 } });
  });

  it("is the owner's alone: an admin and staff are refused, and a stray field is refused", async () => {
    expect((await roles.send("admin", recording.PUT, "PUT", { body: { enabled: true, retentionDays: 30 } })).status).toBe(403);
    expect((await roles.send("staff", recording.PUT, "PUT", { body: { enabled: true, retentionDays: 30 } })).status).toBe(403);
    expect((await roles.send("admin", recording.GET, "GET")).status).toBe(200);
    const stray = await roles.send("owner", recording.PUT, "PUT", { body: { enabled: true, retentionDays: 30, tenantId: dupont().id } });
    expect(stray.status).toBe(400);
    expect((await assistantOf(maple())).artifactPlan).toEqual({ recordingEnabled: false });
  });
});

describe("the end-of-call report", () => {
  it("stores the recording URLs Vapi reports (old and new shapes), and ignores a non-https one", async () => {
    const post = (body: unknown) =>
      vapi(new Request("http://internal:3000/api/webhooks/vapi", { method: "POST", headers: { "content-type": "application/json", "x-vapi-secret": maple().vapiSecret }, body: JSON.stringify(body) }));
    const oldShape = randomUUID();
    const newShape = randomUUID();
    const bad = randomUUID();
    const base = { endedReason: "customer-ended-call", startedAt: "2027-01-10T15:00:00.000Z", endedAt: "2027-01-10T15:02:00.000Z", durationSeconds: 120 };
    expect((await post(assistantRequest(maple(), oldShape, "end-of-call-report", { ...base, artifact: { recordingUrl: "https://storage.vapi.ai/a.wav", stereoRecordingUrl: "https://storage.vapi.ai/a-stereo.wav" } }))).status).toBe(200);
    expect((await post(assistantRequest(maple(), newShape, "end-of-call-report", { ...base, artifact: { recording: { stereoUrl: "https://storage.vapi.ai/b-stereo.wav", mono: { combinedUrl: "https://storage.vapi.ai/b.wav" } } } }))).status).toBe(200);
    expect((await post(assistantRequest(maple(), bad, "end-of-call-report", { ...base, artifact: { recordingUrl: "javascript:alert(1)" } }))).status).toBe(200);
    const rows = await roles.env.admin.query(
      `SELECT external_id, recording_url, stereo_recording_url FROM conversations WHERE tenant_id = $1 AND external_id = ANY($2) ORDER BY external_id`,
      [maple().id, [oldShape, newShape, bad]],
    );
    const byId = Object.fromEntries(rows.rows.map((r) => [r.external_id, [r.recording_url, r.stereo_recording_url]]));
    expect(byId[oldShape]).toEqual(["https://storage.vapi.ai/a.wav", "https://storage.vapi.ai/a-stereo.wav"]);
    expect(byId[newShape]).toEqual(["https://storage.vapi.ai/b.wav", "https://storage.vapi.ai/b-stereo.wav"]);
    expect(byId[bad]).toEqual([null, null]);
  });
});
