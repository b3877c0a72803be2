import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded-postgres";

/*
 * Boots the embedded PGlite server in a throwaway directory and checks what the
 * app relies on: btree_gist exclusion constraints, forced row-level security
 * for a non-superuser role reached by SET ROLE, and that one client's session
 * state never reaches the next one (PGlite has a single backend session).
 */

let root: string;
let server: EmbeddedPostgres;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "frontdesk-pglite-"));
  server = await startEmbeddedPostgres({ dataDir: path.join(root, "pglite"), port: 0 });
});

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL (PGlite)", () => {
  it("serves a superuser URL on loopback", async () => {
    expect(server.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const row = await withClient(async (c) => (await c.query("SELECT current_user AS u, 1 + 1 AS two")).rows[0]);
    expect(row).toEqual({ u: "postgres", two: 2 });
  });

  it("supports btree_gist exclusion constraints", async () => {
    await withClient(async (c) => {
      await c.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
      await c.query(`CREATE TABLE booking (
        id int PRIMARY KEY, room int NOT NULL, during tstzrange NOT NULL,
        EXCLUDE USING gist (room WITH =, during WITH &&))`);
      await c.query("INSERT INTO booking VALUES (1, 7, '[2026-01-01 10:00Z,2026-01-01 11:00Z)')");
      await expect(
        c.query("INSERT INTO booking VALUES (2, 7, '[2026-01-01 10:30Z,2026-01-01 12:00Z)')"),
      ).rejects.toThrow(/exclusion constraint/);
    });
  });

  it("applies forced row-level security after SET ROLE to a non-superuser", async () => {
    await withClient(async (c) => {
      await c.query("CREATE ROLE frontdesk_app NOLOGIN NOSUPERUSER NOBYPASSRLS");
      await c.query("CREATE TABLE note (tenant_id text NOT NULL, body text NOT NULL)");
      await c.query("ALTER TABLE note ENABLE ROW LEVEL SECURITY");
      await c.query("ALTER TABLE note FORCE ROW LEVEL SECURITY");
      await c.query(`CREATE POLICY tenant_isolation ON note
        USING (tenant_id = current_setting('app.tenant_id', true))
        WITH CHECK (tenant_id = current_setting('app.tenant_id', true))`);
      await c.query("GRANT SELECT, INSERT ON note TO frontdesk_app");
      await c.query("INSERT INTO note VALUES ('a', 'seen by a'), ('b', 'seen by b')");

      await c.query("SET ROLE frontdesk_app");
      const role = await c.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
      expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });

      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', 'a', true)");
      const visible = await c.query("SELECT body FROM note");
      expect(visible.rows).toEqual([{ body: "seen by a" }]);
      await c.query("INSERT INTO note VALUES ('a', 'own tenant')");
      await expect(c.query("INSERT INTO note VALUES ('b', 'cross tenant')")).rejects.toThrow(
        /row-level security/,
      );
      await c.query("ROLLBACK");
    });
  });

  it("resets the shared session between clients", async () => {
    await withClient(async (c) => {
      await c.query("SET ROLE frontdesk_app");
      await c.query("SET app.tenant_id = 'a'");
      await c.query("PREPARE leftover AS SELECT 1");
      await c.query("BEGIN");
    });
    const row = await withClient(
      async (c) =>
        (
          await c.query(
            "SELECT current_user AS u, current_setting('app.tenant_id', true) AS t, " +
              "(SELECT count(*)::int FROM pg_prepared_statements) AS prepared",
          )
        ).rows[0],
    );
    expect(row).toEqual({ u: "postgres", t: "", prepared: 0 });
  });

  it("makes a second client wait for the first instead of sharing the session", async () => {
    const first = new pg.Client({ connectionString: server.url });
    await first.connect();
    const second = new pg.Client({ connectionString: server.url });
    let secondConnected = false;
    const connecting = second.connect().then(() => {
      secondConnected = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondConnected).toBe(false);
    await first.end();
    await connecting;
    expect((await second.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await second.end();
  });

  it("refuses a second server on the same data directory", async () => {
    await expect(startEmbeddedPostgres({ dataDir: path.join(root, "pglite"), port: 0 })).rejects.toThrow(
      /in use by process/,
    );
  });
});
