import "server-only";
import { appPoolsOfEveryCell } from "@/lib/db/app-database";

/*
 * Which connection a Google push channel names. The connection row lives in
 * its tenant's cell and Google only sends the channel id, so the lookup asks
 * every cell's database (one indexed read each, in parallel) and remembers
 * where a channel was found: the next push asks that cell alone, and falls
 * back to every cell if the channel has gone from it (a move). Only the
 * place is cached, never the token hash, so a renewed or closed channel is
 * judged on the row as it is now.
 */

export interface PushRoute {
  tenant_id: string;
  connection_id: string;
  token_hash: string | null;
}

const LOOKUP = "SELECT tenant_id, connection_id, token_hash FROM resolve_calendar_push($1)";
const MAX_REMEMBERED = 10_000;
const foundIn = new Map<string, string>();

export async function findPushRoutes(channelId: string): Promise<PushRoute[]> {
  const pools = appPoolsOfEveryCell();
  const remembered = foundIn.get(channelId);
  const known = pools.find(([cell]) => cell === remembered);
  if (known) {
    const { rows } = await known[1].query<PushRoute>(LOOKUP, [channelId]);
    if (rows.length) return rows;
    foundIn.delete(channelId);
  }
  const found = await Promise.all(pools.map(async ([cell, pool]) => ({ cell, rows: (await pool.query<PushRoute>(LOOKUP, [channelId])).rows })));
  const hits = found.filter((f) => f.rows.length);
  if (hits.length === 1) {
    if (foundIn.size >= MAX_REMEMBERED) foundIn.delete(foundIn.keys().next().value!);
    foundIn.set(channelId, hits[0]!.cell);
  }
  return hits.flatMap((f) => f.rows);
}
