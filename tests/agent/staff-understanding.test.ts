import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instructions, toolParameters } from "@/lib/agent/model-reading-schema";
import { readWithModel } from "@/lib/agent/model-understanding";
import { readStaffMention, saysIndifferent, type NamedResource } from "@/lib/agent/staff-matcher";
import type { TenantFacts } from "@/lib/agent/tenant-facts";
import { understandMessage } from "@/lib/agent/understanding";
import { readDialogueState } from "@/lib/agent/dialogue-state";

/* Reading who the caller asks for: the keyword rules, and model mode's one extra field. */

const team: NamedResource[] = [
  { id: "karim", name: "Karim", kind: "staff" },
  { id: "martin", name: "Dr Martin", kind: "staff" },
  { id: "benali", name: "Sonia Benali", kind: "staff" },
  { id: "khelifi", name: "Sonia Khelifi", kind: "staff" },
  { id: "lefevre", name: "Mme Lefèvre", kind: "staff" },
  { id: "room", name: "Salle 2", kind: "room" },
];

const read = (message: string) => {
  const m = readStaffMention(message, team);
  if (!m) return null;
  if (m.kind !== "named") return m.kind;
  return `${m.excluded ? "not " : ""}${m.ids.join("|") || `unknown:${m.said}`}`;
};

describe("who the caller asks for", () => {
  it.each([
    ["avec Karim", "karim"],
    ["chez Karim", "karim"],
    ["je voudrais voir le docteur Martin", "martin"],
    ["with Dr Martin", "martin"],
    ["with Dr. Martin please", "martin"],
    ["with Karim please", "karim"],
    ["Karim if possible", "karim"],
    ["karim", "karim"],
    ["KARIM svp", "karim"],
    ["docteur martin", "martin"],
    ["Mme Lefèvre", "lefevre"],
    ["avec madame lefevre", "lefevre"],
    ["avec Karime demain", "karim"],
    ["is Karim free on Thursday?", "karim"],
    ["avec Sonia Khelifi", "khelifi"],
    ["avec Sonia B", "benali"],
    ["avec Sonia", "benali|khelifi"],
    ["not Karim", "not karim"],
    ["pas avec Karim svp", "not karim"],
    ["n'importe qui sauf Karim", "not karim"],
    ["anyone but Karim", "not karim"],
    ["avec Julien", "unknown:Julien"],
    ["with Dr Smith", "unknown:Smith"],
    ["n'importe qui", "anyone"],
    ["peu importe qui", "anyone"],
    ["anyone", "anyone"],
    ["whoever is free", "anyone"],
    ["doesn't matter who", "anyone"],
    ["quelqu'un d'autre", "someone_else"],
    ["someone else please", "someone_else"],
    ["un autre coiffeur", "someone_else"],
    ["dans la salle 2", "room"],
  ])("%s → %s", (message, expected) => {
    expect(read(message)).toBe(expected);
  });

  it.each([
    "avec plaisir",
    "with my son",
    "avec ma fille",
    "avec une coloration",
    "is anyone there?",
    "rendez-vous demain matin",
    "je viens avec mon mari",
    "2 personnes",
  ])("%s asks for nobody", (message) => {
    expect(read(message)).toBeNull();
  });

  it("keeps a name inside a sentence for the question 'with whom?' only", () => {
    expect(readStaffMention("Karim Haddad", team)).toMatchObject({ kind: "named", ids: ["karim"], strength: "bare" });
    expect(readStaffMention("je m'appelle Karim Haddad", team, { callerName: "Karim Haddad" })).toBeNull();
  });

  it("hears indifference only as a whole answer", () => {
    expect(saysIndifferent("peu importe")).toBe(true);
    expect(saysIndifferent("doesn't matter")).toBe(true);
    expect(saysIndifferent("peu importe l'heure, je veux mardi")).toBe(false);
  });

  it("reads nothing about staff for a single-diary business", () => {
    const facts = { timeZone: "Europe/Zurich", region: "CH", services: [], businessName: "Cabinet", resources: [{ ...team[0]!, isDefault: true, active: true }] };
    const s = understandMessage("avec Karim demain à 10h", { now: new Date("2030-01-07T07:00:00Z"), locale: "fr", facts: facts as never });
    expect(s.staff).toBeNull();
  });

  it("drops an unreadable stored choice, keeps a good one", () => {
    expect(readDialogueState({ staff: { kind: "person", id: "nope" } }).staff).toBeUndefined();
    const id = "6f1c3a52-2f4e-4c35-9d2a-0d1e2f3a4b5c";
    expect(readDialogueState({ staff: { kind: "person", id } }).staff).toEqual({ kind: "person", id });
  });
});

describe("model mode", () => {
  const people = team.slice(0, 3).map((r, i) => ({ ...r, id: `00000000-0000-4000-8000-00000000000${i}`, isDefault: i === 0, active: true }));
  const facts = (resources: typeof people) =>
    ({
      timeZone: "Europe/Zurich",
      defaultLocale: "fr",
      region: "CH",
      businessName: "Salon",
      services: [],
      resources,
      hours: [],
      closures: [],
    }) as unknown as TenantFacts;
  let server: http.Server;
  let baseUrl: string;
  let reply: Record<string, unknown> = {};

  beforeAll(async () => {
    process.env.MODEL_ALLOW_PRIVATE_HOSTS = "1";
    server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const args = JSON.stringify({ intent: "book", language: "fr", service_id: null, unknown_service: false, date: null, time: null, period: null, approximate: false, soonest: false, yes_no: null, option: null, name: null, phone: null, ...reply });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ choices: [{ message: { tool_calls: [{ function: { name: "record_understanding", arguments: args } }] } }], usage: { total_tokens: 50 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    delete process.env.MODEL_ALLOW_PRIVATE_HOSTS;
    await new Promise((resolve) => server.close(resolve));
  });

  it("asks for staff only when the business has several, so a single diary pays no tokens for it", () => {
    expect(JSON.stringify(toolParameters(["a"], false))).not.toContain("staff");
    expect(toolParameters(["a"], true).properties).toHaveProperty("staff");
    const context = { state: readDialogueState({}), lastReply: null, candidates: [] };
    expect(instructions(facts(people), context, new Date())).toContain("Staff: Karim, Dr Martin, Sonia Benali.");
    expect(instructions(facts(people.slice(0, 1)), context, new Date())).not.toContain("Staff:");
  });

  it("reads the model's 'not Karim', 'anyone' and an unknown name against the team", async () => {
    const endpoint = { apiKey: "sk-test", baseUrl, model: "m", timeoutMs: 5000 };
    const context = { state: readDialogueState({}), lastReply: null, candidates: [] };
    const staffOf = async (said: string | null, message: string) => {
      reply = { staff: said };
      const r = await readWithModel(endpoint, message, facts(people), context, new Date("2030-01-07T07:00:00Z"));
      if (!r.ok) throw new Error(r.reason);
      const m = r.understanding.staff;
      return m?.kind === "named" ? { excluded: m.excluded, ids: m.ids, said: m.said } : (m?.kind ?? null);
    };
    expect(await staffOf("Dr Martin", "je voudrais le docteur")).toEqual({ excluded: false, ids: [people[1]!.id], said: "Martin" });
    expect(await staffOf("not Karim", "tout sauf lui")).toEqual({ excluded: true, ids: [people[0]!.id], said: "Karim" });
    expect(await staffOf("anyone", "qui vous voulez")).toBe("anyone");
    expect(await staffOf("Julien", "celui qui a les cheveux longs")).toEqual({ excluded: false, ids: [], said: "Julien" });
    // The model missed it; the keyword rules did not.
    expect(await staffOf(null, "avec Karim")).toEqual({ excluded: false, ids: [people[0]!.id], said: "Karim" });
  });
});
