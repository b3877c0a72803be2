import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, withAdminClient, type TestDatabase } from "../support/test-database";

/*
 * The runtime roles' time limits are attached to (role, database): every
 * login of frontdesk_app or frontdesk_platform to this database gets them,
 * and nothing is set for the role cluster-wide, where it would reach every
 * other database on the server.
 */

let db: TestDatabase;

beforeAll(async () => {
  // This file tests a migration's own statements: it runs the migrations instead of copying the template.
  db = await createTestDatabase("timeouts", undefined, { migrate: "apply" });
});
afterAll(async () => {
  await db?.drop();
});

async function limitsAs(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ s: string; l: string; i: string }>(
      `SELECT current_setting('statement_timeout') AS s, current_setting('lock_timeout') AS l,
              current_setting('idle_in_transaction_session_timeout') AS i`,
    );
    return rows.rows[0]!;
  } finally {
    await client.end();
  }
}

it("gives both runtime roles statement, lock and idle-in-transaction limits at login", async () => {
  expect(await limitsAs(db.appUrl)).toEqual({ s: "8s", l: "5s", i: "15s" });
  expect(await limitsAs(db.platformUrl)).toEqual({ s: "8s", l: "5s", i: "15s" });
  // The owner that migrates is not limited.
  expect((await limitsAs(db.adminUrl)).s).toBe("0");
});

it("sets them for this database only, never for the role cluster-wide", async () => {
  const rows = await withAdminClient(db, (c) =>
    c.query<{ role: string; db: string | null; config: string[] }>(
      `SELECT r.rolname AS role, d.datname AS db, s.setconfig AS config
       FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole LEFT JOIN pg_database d ON d.oid = s.setdatabase
       WHERE r.rolname IN ('frontdesk_app', 'frontdesk_platform') AND (s.setdatabase = 0 OR d.datname = current_database())`,
    ),
  );
  expect(rows.rows.filter((r) => r.db === null)).toEqual([]);
  for (const role of ["frontdesk_app", "frontdesk_platform"]) {
    const config = rows.rows.find((r) => r.role === role)?.config ?? [];
    expect(config).toEqual(expect.arrayContaining(["statement_timeout=8s", "lock_timeout=5s", "idle_in_transaction_session_timeout=15s"]));
  }
});
