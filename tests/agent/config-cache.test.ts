import { afterAll, beforeAll, expect, it } from "vitest";
import { createReceptionist, type Receptionist } from "@/lib/agent";
import { configEventsFor, type ConfigChange } from "@/lib/db/config-events";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";

/*
 * Two receptionists on two clients stand for two app instances sharing one
 * database. Configuration is cached per instance; a change must be answered
 * by the very next turn on either instance, and announced to the other one.
 */

let s: SeededTenants;
let second: TenantDb;
let quiet: TenantDb;
let one: Receptionist;
let two: Receptionist;
let unlistened: Receptionist;
const tenant = () => s.tenantId("cabinet-dupont");
const now = () => s.local("cabinet-dupont", "2030-01-07", "08:00");

beforeAll(async () => {
  s = await seededTenants("config-cache");
  second = createTenantDb({ url: s.db.appUrl, max: 2 });
  one = createReceptionist(s.client);
  two = createReceptionist(second);
  // A third instance that cannot LISTEN (behind a transaction pooler, say).
  process.env.CONFIG_LISTEN = "off";
  quiet = createTenantDb({ url: s.db.appUrl, max: 2 });
  unlistened = createReceptionist(quiet);
  delete process.env.CONFIG_LISTEN;
});

afterAll(async () => {
  for (const c of [second, quiet]) {
    await c?.$disconnect();
    await c?.pool.end();
  }
  await s?.close();
});

let calls = 0;
const ask = (r: Receptionist, message: string) =>
  runAsTenant(tenant(), () => r.runAgentTurn({ channel: "web", externalId: `visit-${++calls}`, message, now: now() }));

/** Resolves when `events` announces a version of the tenant at least `version`; rejects after `ms`. */
function announced(client: TenantDb, version: number, ms: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no announcement within ${ms} ms`)), ms);
    const stop = configEventsFor(client.pool).onChange((c: ConfigChange) => {
      if (c.tenantId !== tenant() || c.version < version) return;
      clearTimeout(timer);
      stop();
      resolve(performance.now() - started);
    });
  });
}

async function version(): Promise<number> {
  return Number((await s.admin.query("SELECT config_version FROM tenants WHERE id = $1", [tenant()])).rows[0].config_version);
}

it("answers a changed FAQ answer on the next turn of the writing instance and of the others", async () => {
  for (const r of [one, two, unlistened]) expect((await ask(r, "Où se garer ?")).reply).toContain("Mont-Blanc");
  expect(configEventsFor(second.pool).live).toBe(true);
  const next = (await version()) + 1;
  const heard = announced(second, next, 2_000);
  // The owner edits the answer through the app (the app role, under the tenant's context).
  await runAsTenant(tenant(), () =>
    s.client.faqEntry.updateMany({ where: { question: { contains: "garer" } }, data: { answer: "Le parking de la gare est le plus proche." } }),
  );
  expect((await ask(one, "Où se garer ?")).reply).toBe("Le parking de la gare est le plus proche.");
  expect((await ask(two, "Où se garer ?")).reply).toBe("Le parking de la gare est le plus proche.");
  // Without announcements the turn still checks the version it reads with the conversation.
  expect((await ask(unlistened, "Où se garer ?")).reply).toBe("Le parking de la gare est le plus proche.");
  expect(await heard).toBeLessThan(2_000);
});

it("answers changed opening hours at once, whoever wrote them", async () => {
  for (const r of [one, two, unlistened]) expect((await ask(r, "Quels sont vos horaires ?")).reply).toContain("le samedi de 9h00 à 12h00");
  // Written by hand in SQL, past the app entirely: the triggers still bump the version.
  await s.admin.query("UPDATE opening_hours SET closes_at = 11 * 60 WHERE tenant_id = $1 AND weekday = 6", [tenant()]);
  for (const r of [two, one, unlistened]) expect((await ask(r, "Quels sont vos horaires ?")).reply).toContain("le samedi de 9h00 à 11h00");
});

it("books against a closure added after the configuration was cached", async () => {
  expect((await ask(two, "Une consultation le mardi 8 janvier à 10h")).reply).toContain("c'est disponible");
  await s.admin.query("INSERT INTO closures (tenant_id, starts_on, ends_on, reason) VALUES ($1, '2030-01-08', '2030-01-08', 'Formation')", [tenant()]);
  for (const r of [two, unlistened]) expect((await ask(r, "Une consultation le mardi 8 janvier à 10h")).reply).toMatch(/fermés/);
});

it("quotes a changed price on the next turn of every instance", async () => {
  for (const r of [one, two, unlistened]) expect((await ask(r, "Combien coûte une consultation ?")).reply).toContain("120 CHF");
  await runAsTenant(tenant(), () => s.client.service.updateMany({ where: { name: "Consultation" }, data: { priceCents: 13500 } }));
  for (const r of [two, unlistened, one]) expect((await ask(r, "Combien coûte une consultation ?")).reply).toContain("135 CHF");
});
