import { EventEmitter } from "node:events";
import { expect, it } from "vitest";
import { installGracefulShutdown, isShuttingDown, type ShutdownHost } from "@/lib/observability/graceful-shutdown";
import { runRequest } from "@/lib/observability/request-lifecycle";

/*
 * SIGTERM under `next start`: Next closes its HTTP server and calls
 * process.exit once it has drained. The instance must report itself not
 * ready at once, and the exit must wait for the requests in flight and for
 * the pools to close. A stand-in process plays Next's part.
 */

function fakeHost(env: Record<string, string | undefined> = {}) {
  const events = new EventEmitter();
  const exits: Array<{ code: number | undefined; at: number }> = [];
  const host = {
    once: (signal: string, listener: (signal: string) => void) => events.once(signal, listener),
    exit: ((code?: number) => void exits.push({ code, at: Date.now() })) as ShutdownHost["exit"],
    env,
  } as ShutdownHost;
  return { host, exits, signal: (name: string) => events.emit(name, name) };
}

it("turns readiness red at once and exits only after in-flight requests and the pool closing", async () => {
  const { host, exits, signal } = fakeHost();
  const order: string[] = [];
  installGracefulShutdown({
    host,
    close: async () => {
      order.push("pools closing");
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push("pools closed");
    },
  });
  let finish!: () => void;
  const inFlight = runRequest(
    { requestId: "r1", route: "/api/v1/chat", channel: "web", method: "POST" },
    () => new Promise<number>((resolve) => (finish = () => {
      order.push("request answered");
      resolve(200);
    })),
    () => 500,
    (status) => status,
  );

  expect(isShuttingDown()).toBe(false);
  signal("SIGTERM");
  expect(isShuttingDown()).toBe(true);
  // Next's server has drained its sockets and exits: the exit is held back.
  host.exit(143);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(exits).toEqual([]);
  expect(order).toEqual([]);

  finish();
  expect(await inFlight).toBe(200);
  for (let i = 0; i < 100 && exits.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(order).toEqual(["request answered", "pools closing", "pools closed"]);
  expect(exits.map((e) => e.code)).toEqual([143]);
});
