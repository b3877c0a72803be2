import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Keyring } from "@/lib/secrets/master-keys";
import { setUpCells, type CellsTestEnv } from "./cells-env";

/*
 * `npm run secrets:rotate` with tenants on two servers: the provider keys
 * and calendar credentials sealed in the `ch` cell are re-encrypted under the
 * new master key as well as the control plane's, and still open to the same
 * plaintext with the new key alone.
 */

let env: CellsTestEnv;

beforeAll(async () => {
  env = await setUpCells("rotcells");
}, 180_000);

afterAll(async () => {
  await env?.close();
});

it("re-encrypts provider keys and calendar connections in every cell", async () => {
  const { sealSecret, openSecret } = await import("@/lib/secrets/secret-cipher");
  const dupont = env.tenants["cabinet-dupont"];
  const maple = env.tenants["maple-dental"];
  const oldKey = process.env.FRONTDESK_MASTER_KEY!;
  const ringV1: Keyring = { current: 1, keys: new Map([[1, Buffer.from(oldKey, "base64")]]), source: "env" };

  // A calendar connection of the tenant on the second server, sealed under key 1 at its address.
  const [resource] = await env.sql<{ id: string }>("ch", "SELECT id FROM resources WHERE tenant_id = $1 LIMIT 1", [dupont.id]);
  const [conn] = await env.sql<{ id: string }>(
    "ch",
    `INSERT INTO calendar_connections (tenant_id, resource_id, provider, calendar_ref, ciphertext, iv, auth_tag, key_version)
     VALUES ($1, $2, 'google', 'primary', '\\x00', '\\x00', '\\x00', 1) RETURNING id`,
    [dupont.id, resource!.id],
  );
  const address = { tenantId: dupont.id, provider: "calendar", name: conn!.id };
  const sealed = sealSecret(address, '{"refresh_token":"rt-cells"}', ringV1);
  await env.sql("ch", "UPDATE calendar_connections SET ciphertext = $2, iv = $3, auth_tag = $4 WHERE id = $1", [conn!.id, sealed.ciphertext, sealed.iv, sealed.authTag]);

  const newKey = randomBytes(32);
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "secrets:rotate"], {
    env: { ...process.env, FRONTDESK_MASTER_KEY: newKey.toString("base64"), FRONTDESK_MASTER_KEY_VERSION: "2", FRONTDESK_PREVIOUS_MASTER_KEYS: `1:${oldKey}` },
  });
  expect(stdout).toMatch(/key version 2: \d+ re-encrypted/);

  const ringV2: Keyring = { current: 2, keys: new Map([[2, newKey]]), source: "env" };
  for (const [where, t] of [["ch", dupont], ["controlPlane", maple]] as const) {
    const rows = await env.sql<{ provider: string; name: string; ciphertext: Buffer; iv: Buffer; auth_tag: Buffer; key_version: number }>(
      where,
      "SELECT provider, name, ciphertext, iv, auth_tag, key_version FROM tenant_secrets WHERE tenant_id = $1",
      [t.id],
    );
    expect(rows.length, where).toBe(2);
    for (const r of rows) {
      expect(r.key_version, `${where} ${r.name}`).toBe(2);
      const plain = openSecret({ tenantId: t.id, provider: r.provider, name: r.name }, { ciphertext: new Uint8Array(r.ciphertext), iv: new Uint8Array(r.iv), authTag: new Uint8Array(r.auth_tag), keyVersion: r.key_version }, ringV2);
      expect(plain).toBe(r.name === "webhook_secret" ? t.vapiSecret : t.twilioToken);
    }
  }
  const [c] = await env.sql<{ ciphertext: Buffer; iv: Buffer; auth_tag: Buffer; key_version: number }>("ch", "SELECT ciphertext, iv, auth_tag, key_version FROM calendar_connections WHERE id = $1", [conn!.id]);
  expect(c!.key_version).toBe(2);
  expect(openSecret(address, { ciphertext: new Uint8Array(c!.ciphertext), iv: new Uint8Array(c!.iv), authTag: new Uint8Array(c!.auth_tag), keyVersion: 2 }, ringV2)).toBe('{"refresh_token":"rt-cells"}');
}, 120_000);
