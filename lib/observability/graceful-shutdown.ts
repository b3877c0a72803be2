import "server-only";
import { logger } from "./logger";
import { requestsInFlight, whenNoRequestInFlight } from "./request-lifecycle";

/*
 * SIGTERM (and SIGINT) under `next start` or `next dev`: Next's own handler
 * closes its HTTP server, which stops accepting connections and waits for
 * the requests in flight, then calls process.exit. Here, /api/ready turns red
 * at once (load balancers stop sending), and the exit is held back until the
 * requests our wrappers serve are done and the database pools are closed,
 * at most SHUTDOWN_TIMEOUT_MS. With NEXT_MANUAL_SIG_HANDLE set, Next leaves
 * signals alone and this handler exits by itself once closed.
 */

interface ShutdownState {
  shuttingDown: boolean;
  installed: boolean;
}
const key = Symbol.for("frontdesk.shutdown");
const state = ((globalThis as Record<symbol, ShutdownState | undefined>)[key] ??= { shuttingDown: false, installed: false });

export function isShuttingDown(): boolean {
  return state.shuttingDown;
}

/** The parts of `process` the handler uses (a stand-in in tests). */
export interface ShutdownHost {
  once(signal: "SIGTERM" | "SIGINT", listener: (signal: string) => void): unknown;
  exit(code?: number): never;
  env: Record<string, string | undefined>;
}

export interface GracefulShutdownOptions {
  /** Releases what the process holds (database pools); runs once requests have drained. */
  close: () => Promise<void>;
  timeoutMs?: number;
  host?: ShutdownHost;
}

export function installGracefulShutdown(options: GracefulShutdownOptions): void {
  const host = options.host ?? (process as unknown as ShutdownHost);
  if (host === (process as unknown as ShutdownHost)) {
    if (state.installed) return;
    state.installed = true;
  }
  const timeoutMs = options.timeoutMs ?? (Number(host.env.SHUTDOWN_TIMEOUT_MS) || 15_000);

  const onSignal = (signal: string) => {
    if (state.shuttingDown) return;
    state.shuttingDown = true;
    const log = logger();
    log.info({ signal, inFlight: requestsInFlight() }, "shutting down: draining requests");
    const exit = host.exit.bind(host);
    let exitCode: number | undefined;
    let closed = false;
    const finish = (code: number | undefined) => {
      exit(code ?? exitCode ?? 0);
    };
    const done = (async () => {
      const drained = await Promise.race([
        whenNoRequestInFlight().then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
      ]);
      if (!drained) log.warn({ inFlight: requestsInFlight() }, "shutdown: requests still in flight at the timeout");
      await Promise.race([options.close(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]).catch((error: unknown) =>
        log.error({ err: error }, "shutdown: closing failed"),
      );
      closed = true;
      log.info("shutdown: pools closed");
    })();
    // Next exits as soon as its server has drained; hold that exit until the pools are closed.
    host.exit = ((code?: number) => {
      exitCode = code;
      if (closed) finish(code);
      else void done.finally(() => finish(code));
    }) as ShutdownHost["exit"];
    if (host.env.NEXT_MANUAL_SIG_HANDLE) void done.finally(() => finish(signal === "SIGINT" ? 130 : 143));
  };
  host.once("SIGTERM", onSignal);
  host.once("SIGINT", onSignal);
}
