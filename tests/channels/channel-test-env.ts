import { randomBytes } from "node:crypto";
import pg from "pg";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { createSecretStore, type Keyring } from "@/lib/secrets";
import { runAsTenant } from "@/lib/tenancy";
import { type SeededTenant } from "@/prisma/seed/seed-demo-tenants";
import { createSeededTestDatabase } from "../support/seeded-database";
import { type TestDatabase } from "../support/test-database";

/*
 * A migrated test database with the three demo tenants, each with its own
 * Vapi webhook secret and Twilio auth token stored encrypted, and the process
 * environment pointed at it, so the real route handlers (which use the app's
 * process-wide clients) run against it. Import app code only after this ran.
 */

export const PUBLIC_URL = "https://frontdesk.example";

export interface ChannelTestTenant extends SeededTenant {
  id: string;
  vapiSecret: string;
  twilioToken: string;
  /** The tenant's Twilio account SID; stored (so posts must carry it) only when the suite asks. */
  twilioAccountSid: string;
}

export interface ChannelTestEnv {
  db: TestDatabase;
  admin: pg.Client;
  tenants: Record<"cabinet-dupont" | "salon-amel" | "maple-dental", ChannelTestTenant>;
  /** Rows per table, every table: the "nothing was written" check. */
  countRows(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface ChannelTestOptions {
  /**
   * Also store each tenant's Twilio account SID. With a SID and a token
   * stored, claiming a WhatsApp number asks Twilio, so only suites that point
   * TWILIO_API_BASE_URL at a stand-in (or never claim one) turn this on.
   */
  storeTwilioAccountSid?: boolean;
}

export async function setUpChannelTest(label: string, options: ChannelTestOptions = {}): Promise<ChannelTestEnv> {
  const {
    db,
    seeded: { tenants: seeded },
  } = await createSeededTestDatabase(label);

  const masterKey = randomBytes(32);
  Object.assign(process.env, {
    DATABASE_URL: db.adminUrl,
    APP_DATABASE_URL: db.appUrl,
    DATABASE_POOL_SIZE: "4",
    FRONTDESK_MASTER_KEY: masterKey.toString("base64"),
    FRONTDESK_MASTER_KEY_VERSION: "1",
    PUBLIC_URL,
    // The suites send dozens of messages a minute from one address; the test
    // of the limit itself lowers it for its own requests.
    CHAT_RATE_LIMIT_MAX: "100000",
    // Likewise per tenant: suites send turns back to back to one tenant.
    CHANNEL_TENANT_RATE: "100000",
    CHANNEL_TENANT_BURST: "100000",
  });
  const keyring: Keyring = { current: 1, keys: new Map([[1, masterKey]]), source: "env" };

  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  const ids = await admin.query<{ id: string; slug: string }>(`SELECT id, slug FROM tenants`);
  const idOf = new Map(ids.rows.map((r) => [r.slug, r.id]));

  const client: TenantDb = createTenantDb({ url: db.appUrl, max: 2 });
  const secrets = createSecretStore(client, () => keyring);
  const tenants = {} as ChannelTestEnv["tenants"];
  try {
    for (const s of seeded) {
      const id = idOf.get(s.slug)!;
      const t: ChannelTestTenant = {
        ...s,
        id,
        vapiSecret: `vapi-${s.slug}-${randomBytes(12).toString("hex")}`,
        twilioToken: randomBytes(16).toString("hex"),
        twilioAccountSid: "AC" + randomBytes(16).toString("hex"),
      };
      await runAsTenant(id, async () => {
        await secrets.save("vapi", "webhook_secret", t.vapiSecret);
        await secrets.save("twilio", "auth_token", t.twilioToken);
        if (options.storeTwilioAccountSid) await secrets.save("twilio", "account_sid", t.twilioAccountSid);
      });
      tenants[s.slug as keyof ChannelTestEnv["tenants"]] = t;
    }
  } finally {
    await client.$disconnect();
    await client.pool.end();
  }

  const tables = (
    await admin.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
         -- A refused delivery is counted there by design (the platform overview), asynchronously.
         AND table_name <> 'webhook_failures'
       ORDER BY table_name`,
    )
  ).rows.map((r) => r.table_name);

  return {
    db,
    admin,
    tenants,
    async countRows() {
      const sql = tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(" UNION ALL ");
      const res = await admin.query<{ t: string; n: number }>(sql);
      return Object.fromEntries(res.rows.map((r) => [r.t, r.n]));
    },
    async close() {
      const { tenantDb } = await import("@/lib/db");
      await tenantDb().$disconnect();
      await tenantDb().pool.end();
      await admin.end();
      await db.drop();
    },
  };
}
