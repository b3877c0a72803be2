import pg from "pg";
import { instantAt } from "@/lib/booking";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { DEMO_TENANTS } from "@/prisma/seed/demo-tenants";
import { createSeededTestDatabase } from "../support/seeded-database";
import { type TestDatabase } from "../support/test-database";

export type DemoSlug = "cabinet-dupont" | "salon-amel" | "maple-dental";

export interface SeededTenants {
  db: TestDatabase;
  /** Superuser connection for fixtures and for reading outcomes past row-level security. */
  admin: pg.Client;
  /** Tenant-scoped client as the app role, like request handlers. */
  client: TenantDb;
  tenantId(slug: DemoSlug): string;
  timeZone(slug: DemoSlug): string;
  /** An instant given as the tenant's wall clock. */
  local(slug: DemoSlug, date: string, hhmm: string): Date;
  /** Removes what dialogues and bookings create, keeping the seeded configuration. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** A fresh database with the three demo tenants (cabinet-dupont, salon-amel, maple-dental). */
export async function seededTenants(label: string, poolSize = 4): Promise<SeededTenants> {
  const { db } = await createSeededTestDatabase(label);
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  const rows = await admin.query<{ slug: DemoSlug; id: string }>("SELECT slug, id FROM tenants");
  const ids = new Map(rows.rows.map((r) => [r.slug, r.id]));
  const client = createTenantDb({ url: db.appUrl, max: poolSize });
  const zone = (slug: DemoSlug) => DEMO_TENANTS.find((t) => t.slug === slug)!.timezone;
  return {
    db,
    admin,
    client,
    tenantId: (slug) => ids.get(slug)!,
    timeZone: zone,
    local: (slug, date, hhmm) => {
      const [h, m] = hhmm.split(":").map(Number);
      return instantAt(date, h! * 60 + m!, zone(slug));
    },
    reset: async () => {
      // DELETE, not TRUNCATE: these tables hold a handful of rows, and TRUNCATE's new files cost ~150 ms a call.
      await admin.query(
        "DELETE FROM appointments; DELETE FROM messages; DELETE FROM conversations; DELETE FROM clients; DELETE FROM usage_events; DELETE FROM closures;",
      );
    },
    close: async () => {
      await client.$disconnect();
      await client.pool.end();
      await admin.end();
      await db.drop();
    },
  };
}
