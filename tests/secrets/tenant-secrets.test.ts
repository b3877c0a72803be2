import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { createSecretStore, SecretUnavailableError, type Keyring } from "@/lib/secrets";
import { rotateSecrets } from "@/lib/secrets/rotate-secrets";
import { runAsTenant } from "@/lib/tenancy";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

let db: TestDatabase;
let admin: pg.Client;
let client: TenantDb;
let A: string;
let B: string;

const ringV1: Keyring = { current: 1, keys: new Map([[1, randomBytes(32)]]), source: "env" };
let ring: Keyring = ringV1;
const store = () => createSecretStore(client, () => ring);

const TOKEN = "twilio-auth-token-" + randomBytes(8).toString("hex");

beforeAll(async () => {
  db = await createTestDatabase("secrets");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  A = await insertTenant(admin, "sec-a");
  B = await insertTenant(admin, "sec-b");
  client = createTenantDb({ url: db.appUrl, max: 2 });
});

afterAll(async () => {
  await client?.$disconnect();
  await client?.pool.end();
  await admin?.end();
  await db?.drop();
});

describe("tenant secrets", () => {
  it("round-trips for the current tenant, shows only the last 4 characters, stores no plaintext", async () => {
    const summary = await runAsTenant(A, () => store().save("twilio", "auth_token", TOKEN, { actorUserId: null }));
    expect(summary.last4).toBe(TOKEN.slice(-4));
    expect(await runAsTenant(A, () => store().read("twilio", "auth_token"))).toBe(TOKEN);
    expect(await runAsTenant(B, () => store().read("twilio", "auth_token"))).toBeNull();

    const listed = await runAsTenant(A, () => store().list());
    expect(JSON.stringify(listed)).not.toContain(TOKEN);
    expect(listed).toEqual([{ provider: "twilio", name: "auth_token", last4: TOKEN.slice(-4), updatedAt: expect.any(Date) }]);

    const raw = await admin.query(`SELECT * FROM tenant_secrets`);
    expect(JSON.stringify(raw.rows)).not.toContain(TOKEN);
    expect(Buffer.from(raw.rows[0].ciphertext).toString("utf8")).not.toContain(TOKEN);

    const audit = await admin.query(`SELECT action, target, metadata FROM audit_events WHERE tenant_id = $1`, [A]);
    expect(audit.rows).toEqual([{ action: "secret.saved", target: "twilio/auth_token", metadata: {} }]);
    expect(JSON.stringify(audit.rows)).not.toContain(TOKEN);
  });

  it("refuses unknown secret names", async () => {
    await expect(runAsTenant(A, () => store().save("twilio", "password" as never, "x"))).rejects.toThrow(/Unknown secret/);
  });

  it("a ciphertext copied to another tenant's row, or under another name, fails to decrypt", async () => {
    await runAsTenant(B, () => store().save("twilio", "auth_token", "b-token-0000000000"));
    await admin.query(`
      UPDATE tenant_secrets b SET ciphertext = a.ciphertext, iv = a.iv, auth_tag = a.auth_tag, key_version = a.key_version
      FROM tenant_secrets a WHERE a.tenant_id = $1 AND b.tenant_id = $2 AND a.name = 'auth_token' AND b.name = 'auth_token'`, [A, B]);
    await expect(runAsTenant(B, () => store().read("twilio", "auth_token"))).rejects.toBeInstanceOf(SecretUnavailableError);

    await runAsTenant(A, () => store().save("twilio", "account_sid", "AC00000000000000000000000000000000"));
    await admin.query(`
      UPDATE tenant_secrets s SET ciphertext = t.ciphertext, iv = t.iv, auth_tag = t.auth_tag
      FROM tenant_secrets t WHERE s.tenant_id = $1 AND t.tenant_id = $1 AND s.name = 'account_sid' AND t.name = 'auth_token'`, [A]);
    const err = await runAsTenant(A, () => store().read("twilio", "account_sid")).catch((e) => e);
    expect(err).toBeInstanceOf(SecretUnavailableError);
    expect(String(err.message)).not.toContain(TOKEN);
  });

  it("rotation re-encrypts every row under the new key and the app still reads them", async () => {
    await runAsTenant(A, () => store().save("vapi", "webhook_secret", "vapi-secret-123456"));
    await runAsTenant(B, () => store().save("vapi", "webhook_secret", "vapi-secret-abcdef"));
    const ringV2: Keyring = { current: 2, keys: new Map([...ringV1.keys, [2, randomBytes(32)]]), source: "env" };
    const result = await rotateSecrets(db.adminUrl, ringV2);
    expect(result.reencrypted).toBe(3); // A's auth_token and both webhook secrets
    // The two rows tampered with above are reported, not silently skipped.
    expect(result.failed.map((f) => f.name).sort()).toEqual(["account_sid", "auth_token"]);
    const versions = await admin.query(`SELECT DISTINCT key_version FROM tenant_secrets WHERE name = 'webhook_secret'`);
    expect(versions.rows).toEqual([{ key_version: 2 }]);

    // Only the new key from now on: the old one can be retired.
    ring = { current: 2, keys: new Map([[2, ringV2.keys.get(2)!]]), source: "env" };
    expect(await runAsTenant(A, () => store().read("vapi", "webhook_secret"))).toBe("vapi-secret-123456");
    expect(await runAsTenant(B, () => store().read("vapi", "webhook_secret"))).toBe("vapi-secret-abcdef");
    ring = ringV1;
  });

  it("never writes a secret to the logs while saving and reading it", async () => {
    const secret = "sk-live-" + randomBytes(12).toString("hex");
    const seen: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void seen.push(args.map(String).join(" "))),
    );
    const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (seen.push(String(chunk)), true));
    const errOut = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (seen.push(String(chunk)), true));
    try {
      await runAsTenant(A, () => store().save("openai", "api_key", secret));
      expect(await runAsTenant(A, () => store().read("openai", "api_key"))).toBe(secret);
      await runAsTenant(A, () => store().remove("openai", "api_key"));
    } finally {
      [...spies, out, errOut].forEach((s) => s.mockRestore());
    }
    expect(seen.join("\n")).not.toContain(secret);
  });
});
