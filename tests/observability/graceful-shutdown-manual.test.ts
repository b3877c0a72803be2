import { EventEmitter } from "node:events";
import { expect, it } from "vitest";
import { installGracefulShutdown, type ShutdownHost } from "@/lib/observability/graceful-shutdown";

/* With NEXT_MANUAL_SIG_HANDLE, Next leaves signals alone: the handler exits by itself once closed. */

it("exits by itself after closing when Next does not handle the signal", async () => {
  const events = new EventEmitter();
  const exits: Array<number | undefined> = [];
  const host = {
    once: (signal: string, listener: (signal: string) => void) => events.once(signal, listener),
    exit: ((code?: number) => void exits.push(code)) as ShutdownHost["exit"],
    env: { NEXT_MANUAL_SIG_HANDLE: "1" },
  } as ShutdownHost;
  let closed = false;
  installGracefulShutdown({ host, close: async () => void (closed = true) });
  events.emit("SIGTERM", "SIGTERM");
  for (let i = 0; i < 100 && exits.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(closed).toBe(true);
  expect(exits).toEqual([143]);
});
