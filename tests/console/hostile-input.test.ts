import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Sent } from "../support/console-roles-env";

/*
 * Input that a client can send (a forged cursor, a NUL
 * character, a far date, an odd path segment, a non-JSON content type) must be
 * a 4xx naming the field, never a 500, and must write nothing.
 */

let r: ConsoleRolesEnv;
const R: Record<string, Record<string, Handler>> = {};
let serviceId: string;

beforeAll(async () => {
  r = await setUpConsoleRoles("hostileinput");
  R.conversations = (await import("@/app/api/conversations/route")) as never;
  R.activity = (await import("@/app/api/activity/route")) as never;
  R.clients = (await import("@/app/api/clients/route")) as never;
  R.client = (await import("@/app/api/clients/[id]/route")) as never;
  R.closures = (await import("@/app/api/settings/closures/route")) as never;
  R.appointments = (await import("@/app/api/appointments/route")) as never;
  R.providerKey = (await import("@/app/api/settings/provider-keys/[provider]/[name]/route")) as never;
  R.switch = (await import("@/app/api/auth/switch/route")) as never;
  R.uiLocale = (await import("@/app/api/ui-locale/route")) as never;
  R.faq = (await import("@/app/api/settings/faq/route")) as never;
  R.services = (await import("@/app/api/settings/services/route")) as never;
  R.business = (await import("@/app/api/settings/business/route")) as never;
  R.agent = (await import("@/app/api/settings/agent/route")) as never;
  R.account = (await import("@/app/api/account/route")) as never;
  serviceId = (await r.env.admin.query(`SELECT id FROM services WHERE tenant_id = $1 AND active LIMIT 1`, [r.env.tenants["maple-dental"].id])).rows[0].id;
}, 180_000);

afterAll(async () => {
  await r?.env.close();
});

function expectClientError(res: Sent, field?: string) {
  expect(res.status, res.text).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text).toBeLessThan(500);
  if (field) expect(res.json.error?.field, res.text).toBe(field);
}

async function unchanged(fn: () => Promise<Sent>, field?: string) {
  const before = await r.env.countRows();
  const res = await fn();
  expectClientError(res, field);
  expect(await r.env.countRows()).toEqual(before);
}

const cursorOf = (iso: string) => Buffer.from(`${iso}|${randomUUID()}`, "utf8").toString("base64url");

describe("keyset cursors", () => {
  it.each(["-100000-01-01T00:00:00.000Z", "+275760-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z"])(
    "a forged conversations cursor dated %s is a 400 on cursor, not a 500",
    async (iso) => {
      const res = await r.send("owner", R.conversations!.GET!, "GET", { search: `?cursor=${cursorOf(iso)}` });
      expectClientError(res, "cursor");
    },
  );

  it("a forged activity cursor with an out-of-range date is a 400 on cursor, not a 500", async () => {
    const res = await r.send("owner", R.activity!.GET!, "GET", { search: `?cursor=${cursorOf("-100000-01-01T00:00:00.000Z")}` });
    expectClientError(res, "cursor");
  });
});

describe("NUL characters in text fields (PostgreSQL text cannot store U+0000)", () => {
  it("client name with U+0000 is a 400 on name", async () => {
    await unchanged(() => r.send("owner", R.clients!.POST!, "POST", { body: { name: "Bob\u0000by" } }), "name");
  });
  it("client notes with U+0000 is a 400 on notes", async () => {
    await unchanged(() => r.send("owner", R.clients!.POST!, "POST", { body: { name: "Bobby", notes: "x\u0000y" } }), "notes");
  });
  it("client search ?q= with U+0000 is a 400 on q", async () => {
    const res = await r.send("owner", R.clients!.GET!, "GET", { search: "?q=a%00b" });
    expectClientError(res, "q");
  });
  it("FAQ question with U+0000 is a 400 on question", async () => {
    await unchanged(() => r.send("owner", R.faq!.POST!, "POST", { body: { question: "Open\u0000?", answer: "Yes we are", language: "en" } }), "question");
  });
  it("service synonym with U+0000 is a 400 on synonyms.0", async () => {
    await unchanged(() => r.send("owner", R.services!.POST!, "POST", { body: { name: "Whitening", durationMinutes: 30, synonyms: ["bl\u0000each"] } }), "synonyms.0");
  });
  it("business address with U+0000 is a 400 on address", async () => {
    await unchanged(
      () => r.send("owner", R.business!.PATCH!, "PATCH", { body: { businessName: "Maple Dental", address: "1 King\u0000 St", timezone: "America/Toronto", languages: ["en"] } }),
      "address",
    );
  });
  it("agent persona tone with U+0000 is a 400 on personaTone", async () => {
    await unchanged(() => r.send("owner", R.agent!.PATCH!, "PATCH", { body: { personaName: "Camille", personaVoice: "alloy", personaTone: "wa\u0000rm" } }), "personaTone");
  });
  it("account name with U+0000 is a 400 on name", async () => {
    await unchanged(() => r.send("staff", R.account!.PATCH!, "PATCH", { body: { name: "Stan\u0000" } }), "name");
  });
  it("booking by hand for a new client named with U+0000 is a 400 on clientName", async () => {
    await unchanged(
      () =>
        r.send("owner", R.appointments!.POST!, "POST", {
          body: { serviceId, clientName: "Nul\u0000l", clientPhone: "(416) 555-0177", date: "2031-03-04", time: "10:00" },
        }),
      "clientName",
    );
  });
});

describe("dates outside PostgreSQL's range", () => {
  it("a closure in year 0000 is a 400 on startsOn (PostgreSQL has no year 0)", async () => {
    await unchanged(() => r.send("owner", R.closures!.POST!, "POST", { body: { startsOn: "0000-01-01", endsOn: "0000-01-02" } }), "startsOn");
  });
  it("the appointments week of 9999-12-31 is a 400 on week, not a 500", async () => {
    const res = await r.send("owner", R.appointments!.GET!, "GET", { search: "?week=9999-12-31" });
    expectClientError(res, "week");
  });
  it("booking 9999-12-31 23:30 (past year 9999 in UTC) is a 4xx on date, not a 500", async () => {
    await unchanged(
      () => r.send("owner", R.appointments!.POST!, "POST", { body: { serviceId, clientName: "Far Future", clientPhone: "(416) 555-0199", date: "9999-12-31", time: "23:30" } }),
      "date",
    );
  });
});

describe("path and content-type handling", () => {
  it.each([["constructor", "x"], ["__proto__", "x"], ["toString", "api_key"]])(
    "provider key route /%s/%s is a 404, not a 500 (prototype keys of SECRET_CATALOG)",
    async (provider, name) => {
      const put = await r.send("owner", R.providerKey!.PUT!, "PUT", { params: { provider, name }, body: { value: "abcdefghijkl" } });
      expect(put.status, put.text).toBe(404);
      const del = await r.send("owner", R.providerKey!.DELETE!, "DELETE", { params: { provider, name } });
      expect(del.status, del.text).toBe(404);
    },
  );

  it("workspace switch with a text/plain body is a 415 on content-type, not a 500", async () => {
    const res = await r.send("owner", R.switch!.POST!, "POST", { body: "slug=salon-amel", headers: { "content-type": "text/plain" } });
    expectClientError(res, "content-type");
    expect(res.status).toBe(415);
  });

  it.each([
    ["text/plain", "locale=fr", 415],
    ["", "locale=fr", 415],
    ["multipart/form-data", "garbage", 400],
  ])(
    "ui-locale with content-type %j answers %i, not an unhandled exception",
    async (type, body, expected) => {
      const headers: Record<string, string> = { host: "maple-dental.localhost:3000" };
      if (type) headers["content-type"] = type;
      const request = new Request("http://maple-dental.localhost:3000/api/ui-locale", { method: "POST", headers, body });
      let status: number;
      try {
        status = (await (R.uiLocale!.POST as unknown as (req: Request) => Promise<Response>)(request)).status;
      } catch (error) {
        status = 500; // what Next answers for an exception escaping a route handler
        void error;
      }
      expect(status).toBe(expected);
    },
  );
});
