import "server-only";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgresOptions {
  /** Where PGlite keeps its files. Default: `.data/pglite` under the current directory. */
  dataDir?: string;
  /** Loopback port for the wire protocol. Default 54329; 0 picks a free one (tests). */
  port?: number;
}

export interface EmbeddedPostgres {
  /** Superuser URL, for the Prisma CLI and for a pool that then runs `SET ROLE`. */
  url: string;
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_PORT = 54329;
export const DEFAULT_EMBEDDED_DATA_DIR = ".data/pglite";

const HOST = "127.0.0.1";

// Frontend protocol messages sent straight to PGlite between two clients.
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);
function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + body.length);
  message.write("Q", 0, "latin1");
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

/**
 * Starts PGlite (PostgreSQL in WebAssembly) on `dataDir` and serves it on
 * `postgresql://postgres@127.0.0.1:<port>/postgres`.
 *
 * PGlite has exactly one backend session. pglite-socket's own multiplexer
 * (`maxConnections` > 1) interleaves clients message by message, so one
 * client's Parse/Bind/Execute..Sync pipeline, SET ROLE, set_config(), unnamed
 * statement or aborted-until-Sync state leaks into another's. So clients are
 * served strictly one at a time: later connections are accepted but wait,
 * unread, until the current one disconnects, and the session is reset before
 * each new client. A pool in front of this must therefore hold one
 * connection (`max: 1`) and let it go when idle, or it starves every other
 * client (Prisma CLI, psql).
 *
 * The user and database in a client's URL are ignored by PGlite: every client
 * is the superuser `postgres` until it runs `SET ROLE`.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_EMBEDDED_DATA_DIR);
  const requestedPort = options.port ?? DEFAULT_EMBEDDED_PORT;
  mkdirSync(path.dirname(dataDir), { recursive: true });

  // PGlite takes no lock on its directory: two processes opening it (two
  // `npm run dev` in one checkout) would both write and corrupt it.
  const releaseLock = acquireLock(dataDir, `${dataDir}.lock`);

  const waiting: Socket[] = [];
  let current: { client: Socket; upstream?: Socket } | undefined;
  let db: PGlite | undefined;
  let inner: PGLiteSocketServer | undefined;
  let innerPort = 0;
  let stopping = false;

  const pump = (): void => {
    if (current || !inner || stopping) return;
    let client = waiting.shift();
    while (client?.destroyed) client = waiting.shift();
    if (!client) return;
    current = { client };
    serve(client)
      .catch((error: unknown) => {
        client.destroy();
        if (!stopping) console.error("[embedded-postgres] connection failed:", error);
      })
      .finally(() => {
        current = undefined;
        pump();
      });
  };

  const serve = async (client: Socket): Promise<void> => {
    if (!db || !inner) return;
    await waitForInnerIdle(inner);
    await resetSession(db);
    if (client.destroyed || stopping) return;

    const upstream = connect(innerPort, HOST);
    upstream.on("error", () => upstream.destroy());
    if (current) current.upstream = upstream;
    client.setNoDelay(true);
    upstream.setNoDelay(true);

    await new Promise<void>((resolve) => {
      let open = 2;
      const closed = (): void => {
        client.destroy();
        upstream.destroy();
        if (--open === 0) resolve();
      };
      client.once("close", closed);
      upstream.once("close", closed);
      upstream.once("connect", () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
  };

  // Listening before PGlite opens makes a port clash fail in milliseconds
  // rather than after a multi-second boot; early clients simply queue.
  const front = createServer({ pauseOnConnect: true }, (client) => {
    client.on("error", () => client.destroy());
    if (stopping) {
      client.destroy();
      return;
    }
    waiting.push(client);
    client.once("close", () => {
      const index = waiting.indexOf(client);
      if (index !== -1) waiting.splice(index, 1);
    });
    pump();
  });

  let port: number;
  try {
    port = await listen(front, requestedPort);
  } catch (error) {
    releaseLock();
    if (isErrno(error, "EADDRINUSE")) {
      throw new Error(
        `Embedded PostgreSQL: ${HOST}:${requestedPort} is already in use. ` +
          `Stop whatever holds it (another dev server?), pass another port, ` +
          `or set DATABASE_URL to use a real PostgreSQL.`,
        { cause: error },
      );
    }
    throw error;
  }

  try {
    db = await PGlite.create({ dataDir, extensions: { btree_gist } });
    // Several handlers are allowed only so a closing client's handler cannot
    // refuse the next one; the queue above is what keeps clients exclusive.
    inner = new PGLiteSocketServer({ db, host: HOST, port: 0, maxConnections: 4 });
    await inner.start();
    innerPort = Number(inner.getServerConn().split(":").pop());
  } catch (error) {
    stopping = true;
    for (const socket of waiting) socket.destroy();
    await closeServer(front);
    await inner?.stop();
    await db?.close();
    releaseLock();
    throw error;
  }
  pump();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      for (const socket of waiting.splice(0)) socket.destroy();
      current?.client.destroy();
      current?.upstream?.destroy();
      await closeServer(front);
      await inner?.stop();
      await db?.close();
      releaseLock();
    })();
    return stopped;
  };

  return { url: `postgresql://postgres@${HOST}:${port}/postgres`, stop };
}

/**
 * Puts the single session back to what a fresh connection would see, because
 * a client may have left mid-pipeline, inside a transaction, in an error
 * state, or after SET ROLE / set_config / PREPARE / LISTEN.
 */
async function resetSession(db: PGlite): Promise<void> {
  // A simple-query ROLLBACK aborts an implicit extended-protocol transaction
  // (it is ignored if the session is skipping until Sync), and Sync then ends
  // whatever is left; a plain Sync alone would commit a half-sent pipeline.
  await db.execProtocolRaw(simpleQuery("ROLLBACK"), { syncToFs: false });
  await db.execProtocolRaw(SYNC, { syncToFs: false });
  if (db.isInTransaction()) await db.exec("ROLLBACK");
  await db.exec("DISCARD ALL");
}

/**
 * Waits for pglite-socket to drop the previous client's handler: until then
 * it may still run that client's queued messages or its own ROLLBACK, which
 * must land before the reset, not after it.
 */
async function waitForInnerIdle(inner: PGLiteSocketServer): Promise<void> {
  for (let i = 0; i < 400 && inner.getStats().activeConnections > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

function acquireLock(dataDir: string, lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if (!isErrno(error, "EEXIST")) throw error;
      const owner = Number(readFileSync(lockPath, "utf8").trim());
      // Our own pid counts too: a second start in one process (a re-evaluated
      // module) would open the directory twice just the same.
      if (owner && isAlive(owner)) {
        throw new Error(
          `Embedded PostgreSQL: ${dataDir} is in use by process ${owner} (lock file ${lockPath}). ` +
            `Only one embedded server may open a data directory; reuse it or stop that one first.`,
        );
      }
      // Left behind by a process that died without stop().
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Embedded PostgreSQL: could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, "EPERM");
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
