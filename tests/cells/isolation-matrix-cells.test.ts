import { afterAll, beforeAll } from "vitest";
import { startPostgresCluster, type PostgresCluster } from "../support/postgres-cluster";
import { defineIsolationMatrix } from "../db/isolation-matrix-suite";

/*
 * The generated isolation matrix (tests/db) in a cell on another PostgreSQL
 * server: a cell database runs the same migrations, so every wall must hold
 * there too, with nothing in the matrix knowing which server it is on.
 */

let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 120_000);

// Registered first, so it runs after the matrix's own afterAll has dropped its database.
afterAll(async () => {
  await cluster?.destroy();
});

defineIsolationMatrix({ serverUrl: () => cluster.url() });
