import pg from "pg";
import { databaseUrls } from "@/lib/db/database-urls";
import { logger } from "@/lib/observability/logger";
import { cellsConfig, cellUrls } from "./cell-config";
import { cellIsControlPlane, syncLookupTable, syncTenantCopy, syncTenantToControlPlane } from "./placement";
import { LOOKUP_COPIES } from "./tables";
import { finishPendingTenantDeletions, finishTenantDeletion } from "./tenant-removal";

/*
 * Follows "frontdesk_directory" announcements (migration 20261207040000) on
 * the control plane and on every cell, and copies what changed to the other
 * side: a platform or billing change to a tenant row, or a member's new name,
 * reaches the cell's copy; a new channel route, membership or invitation made
 * in a cell reaches the control plane's lookup copy. Announcements arrive on commit; copies are
 * idempotent, so two processes following them is harmless. It also finishes
 * workspace deletions left half done (marked 'deleting' in the directory). Started by the
 * job runner (npm run worker / npm run dev) and by tests.
 */

// "<tenant>:<table>", and for tenants ":<changed column>,…" (migration 20261208050100).
const PAYLOAD = /^([0-9a-f-]{36}):([a-z_]+)(?::([a-z_,]+))?$/;

export interface DirectorySync {
  /** Resolves when every copy started so far has finished (tests). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

async function entryOfTenant(cp: pg.Client, tenantId: string): Promise<{ cell: string; cell_state: string } | undefined> {
  const { rows } = await cp.query<{ cell: string; cell_state: string }>("SELECT cell, cell_state FROM tenants WHERE id = $1", [tenantId]);
  return rows[0];
}

async function cellOfTenant(cp: pg.Client, tenantId: string): Promise<string | null> {
  return (await entryOfTenant(cp, tenantId))?.cell ?? null;
}

export async function startDirectorySync(): Promise<DirectorySync> {
  const config = cellsConfig();
  const control = new pg.Client({ connectionString: databaseUrls().migration });
  const listeners: pg.Client[] = [control];
  const pending = new Set<Promise<unknown>>();
  let chain = Promise.resolve();
  const lookups: readonly string[] = LOOKUP_COPIES;

  // One copy at a time, in arrival order, so two changes of a row land in order.
  const enqueue = (work: () => Promise<void>) => {
    const p = (chain = chain.then(work).catch((err: unknown) => logger().warn({ err }, "cells: directory copy failed")));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const onControlPlane = (tenantId: string, table: string, changed?: string[]) =>
    enqueue(async () => {
      const entry = await entryOfTenant(control, tenantId);
      if (!entry || cellIsControlPlane(entry.cell)) return;
      const cell = entry.cell;
      // A deletion marked by a request that then died is finished here (lib/cells/tenant-removal).
      if (entry.cell_state === "deleting") return void (await finishTenantDeletion(tenantId));
      // A member's new name or email (migration 20261208020000) rides on the tenant copy, which copies the members too.
      if (table === "tenants" || table === "users") await syncTenantCopy(tenantId, cell, changed ?? []);
      else if (lookups.includes(table)) await syncLookupTable(tenantId, cell, table as (typeof LOOKUP_COPIES)[number], "to-cell");
    });
  const onCell = (cell: string) => (tenantId: string, table: string, changed?: string[]) =>
    enqueue(async () => {
      // A tenant that has left this cell (a move) is not copied back from it.
      if ((await cellOfTenant(control, tenantId)) !== cell) return;
      if (table === "tenants") await syncTenantToControlPlane(tenantId, cell, changed ?? []);
      else if (lookups.includes(table)) await syncLookupTable(tenantId, cell, table as (typeof LOOKUP_COPIES)[number], "to-control-plane");
    });

  const listen = async (client: pg.Client, handle: (tenantId: string, table: string, changed?: string[]) => void) => {
    client.on("error", (err) => logger().warn({ err }, "cells: directory listener lost"));
    client.on("notification", (message) => {
      const m = message.payload?.match(PAYLOAD);
      if (m) handle(m[1]!, m[2]!, m[3]?.split(","));
    });
    await client.connect();
    await client.query("LISTEN frontdesk_directory");
  };

  await listen(control, onControlPlane);
  enqueue(async () => void (await finishPendingTenantDeletions()));
  for (const cell of config.cells.keys()) {
    if (cellIsControlPlane(cell, config)) continue;
    const client = new pg.Client({ connectionString: cellUrls(cell, config).owner });
    listeners.push(client);
    await listen(client, onCell(cell));
  }

  return {
    async settled() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    async stop() {
      await Promise.allSettled(listeners.map((c) => c.end()));
    },
  };
}
