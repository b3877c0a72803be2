import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

/*
 * A PostgreSQL cluster of a test's own (initdb + pg_ctl under /tmp), for
 * drills that stop, kill or freeze the server: the shared server on 5432 is
 * never touched. As root (CI), the server runs as the `postgres` OS user,
 * which PostgreSQL requires; the binaries come from PATH, PG_BIN_DIR or
 * Debian's /usr/lib/postgresql/<version>/bin.
 */

const run = promisify(execFile);

export interface PostgresCluster {
  port: number;
  dataDir: string;
  /** Superuser URL of a database on this cluster. */
  url(database?: string): string;
  stop(mode: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP (true) or SIGCONT (false) to the postmaster and every backend. */
  freeze(frozen: boolean): void;
  /** Stops the server (if running) and removes its directory. */
  destroy(): Promise<void>;
}

function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(path.join(root, v, "bin", "initdb"))) return path.join(root, v, "bin");
  throw new Error("initdb/pg_ctl not found: install PostgreSQL or set PG_BIN_DIR");
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres OS user when we are root. */
async function pgBinary(bin: string, args: string[]): Promise<string> {
  const file = path.join(binDir(), bin);
  const [cmd, cmdArgs] = asRoot() ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  try {
    const { stdout } = await run(cmd, cmdArgs, { timeout: 60_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${bin} ${args.join(" ")} failed: ${e.stderr || e.message}`);
  }
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free port in [from, to], picked at random so parallel drills rarely try the same one. */
async function freePortIn(from: number, to: number): Promise<number> {
  const ports = Array.from({ length: to - from + 1 }, (_, i) => from + i).sort(() => Math.random() - 0.5);
  for (const port of ports) if (await isFree(port)) return port;
  throw new Error(`No free port in ${from}-${to}`);
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the name (field 2) may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

export async function startPostgresCluster(options: { ports?: [number, number] } = {}): Promise<PostgresCluster> {
  const [from, to] = options.ports ?? [55400, 55499];
  const root = mkdtempSync(path.join(os.tmpdir(), "fd-pg-drill-"));
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "server.log");
  if (asRoot()) {
    const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
    const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
    chownSync(root, uid, gid);
  }
  await pgBinary("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const port = await freePortIn(from, to);
  // fsync off keeps start, stop and recovery quick and still survives a killed
  // server (the OS keeps what was written); synchronous_commit stays on, or an
  // immediate shutdown would lose commits already acknowledged.
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${root}`,
    "-c fsync=off",
    "-c full_page_writes=off",
    "-c max_connections=100",
  ].join(" ");
  let running = false;

  const start = async () => {
    await pgBinary("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", serverOptions, "start"]);
    running = true;
  };
  const stop = async (mode: "fast" | "immediate") => {
    await pgBinary("pg_ctl", ["-D", dataDir, "-w", "-t", "60", "-m", mode, "stop"]);
    running = false;
  };
  const postmasterPid = () => Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

  const freeze = (frozen: boolean) => {
    const pid = postmasterPid();
    for (const p of [pid, ...childrenOf(pid)]) {
      try {
        process.kill(p, frozen ? "SIGSTOP" : "SIGCONT");
      } catch {
        // Gone already.
      }
    }
  };

  await start();
  return {
    port,
    dataDir,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    freeze,
    async destroy() {
      if (running) {
        try {
          freeze(false);
        } catch {
          // No postmaster.pid: not running after all.
        }
        await stop("immediate").catch(() => undefined);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Resolves once a new connection to `url` succeeds; returns when that was (epoch ms). */
export async function waitUntilAccepting(url: string, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return Date.now();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
