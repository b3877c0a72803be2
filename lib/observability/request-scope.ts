import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/*
 * What the logger, the metrics and the database layer know about the request
 * being served: its id, its route, the kind of caller, and the instant by
 * which it must be answered. One store per process (Next evaluates modules
 * once per bundle layer, the database clients are process-wide).
 */

export interface RequestScope {
  readonly requestId: string;
  /** The route pattern (`/api/clients/[id]`, `action:clients.edit`), never a raw path. */
  readonly route: string;
  /** `web`, `voice`, `whatsapp`, `console`, `platform`, `probe`. */
  readonly channel: string;
  /** Epoch milliseconds after which the request's work is abandoned. */
  readonly deadlineAt?: number;
  /** The tenant the request turned out to be for, once its wrapper knows (for log lines written outside runAsTenant). */
  tenantId?: string;
}

const storageKey = Symbol.for("frontdesk.request-scope");
const storage = ((globalThis as Record<symbol, AsyncLocalStorage<RequestScope> | undefined>)[storageKey] ??=
  new AsyncLocalStorage<RequestScope>());

export function runInRequestScope<T>(scope: RequestScope, fn: () => T | PromiseLike<T>): Promise<T> {
  // Awaited inside: Prisma queries are lazy and start on `.then`, which must happen in the scope.
  return storage.run(scope, async () => await fn());
}

/** Runs `fn` as no request's work (connection set-up that pg-pool may start from another request's callback). */
export function outsideRequestScope<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Records which tenant the current request serves. */
export function attributeRequestToTenant(tenantId: string): void {
  const scope = storage.getStore();
  if (scope) scope.tenantId = tenantId;
}

/** Thrown when the request's deadline passed before its work was done; answered 503. */
export class DeadlineExceededError extends Error {
  readonly code = "deadline_exceeded";
  constructor(what = "The request") {
    super(`${what} did not finish before its deadline`);
    this.name = "DeadlineExceededError";
  }
}

/** Epoch milliseconds of the current request's deadline, if it has one. */
export function currentDeadline(): number | undefined {
  return storage.getStore()?.deadlineAt;
}

/**
 * Settles like `work`, or rejects with DeadlineExceededError when the current
 * scope's deadline passes first. The work itself goes on; the database layer
 * refuses its further statements and cuts the ones still waiting (see
 * lib/db/connection-guard.ts), so it cannot hold connections much longer.
 */
export function untilDeadline<T>(work: Promise<T>): Promise<T> {
  const at = currentDeadline();
  if (at === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError()), Math.max(0, at - Date.now()));
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
