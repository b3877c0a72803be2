import "server-only";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";

export interface LocalDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export const dataDirectory = () => process.env.FRONTDESK_DATA_DIR ?? ".data";

/**
 * DATABASE_URL when set; otherwise the embedded PGlite server on
 * `<data dir>/pglite`, so a fresh checkout runs with no database installed.
 */
export async function openLocalDatabase(): Promise<LocalDatabase> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, embedded: false, stop: async () => undefined };
  const port = process.env.EMBEDDED_DB_PORT ? Number(process.env.EMBEDDED_DB_PORT) : 0;
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDirectory(), "pglite"), port });
  return { url: server.url, embedded: true, stop: server.stop };
}
