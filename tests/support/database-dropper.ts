import pg from "pg";

/*
 * DROP DATABASE waits for a forced checkpoint (seconds on a busy server), and
 * a test file need not wait for it: its drop() closes the database to
 * connections and marks it, and the run's global setup drops marked databases
 * in the background, then sweeps what is left at the end of the run. A
 * database marked by a run that was killed goes in the next run's sweep.
 */

const DROP_MARK = "fd:drop";

export async function markForDrop(client: pg.Client, name: string): Promise<void> {
  try {
    await client.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    await client.query(`COMMENT ON DATABASE "${name}" IS '${DROP_MARK}'`);
  } catch (error) {
    // 3D000: already dropped (drop() called twice, the sweep came first).
    if ((error as { code?: string }).code !== "3D000") throw error;
  }
}

export async function dropMarked(serverUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const marked = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, 'fd_test_') AND shobj_description(oid, 'pg_database') = $1",
      [DROP_MARK],
    );
    for (const { datname } of marked.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return marked.rows.length;
  } finally {
    await client.end();
  }
}

/** Drops marked databases until stopped; stop() sweeps once more. */
export function startDropper(serverUrl: string, idleMs = 250): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const dropped = await dropMarked(serverUrl).catch((error: unknown) => {
        console.warn(`test database dropper: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      });
      // Polling the catalog between sweeps, not waiting on a test's clock.
      if (dropped === 0 && !stopped) await new Promise((resolve) => setTimeout(resolve, idleMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await dropMarked(serverUrl);
    },
  };
}
