import "server-only";
import { tenantDb } from "@/lib/db";
import { logger } from "@/lib/observability/logger";
import { webhookOutcome } from "@/lib/observability/request-lifecycle";

/*
 * The durable count of provider webhooks answered with an error, for the
 * platform overview. Failures are added up in memory and written by one
 * statement at a time per process (record_webhook_failure, the app role's
 * only way into the table), so a flood of refused deliveries costs a handful
 * of upserts, not one per request. A count not yet written when the process
 * dies is lost, which the in-memory metric shares; nothing else depends on it.
 */

export type WebhookProvider = "stripe" | "vapi" | "twilio";

interface Pending {
  provider: WebhookProvider;
  outcome: string;
  count: number;
  at: Date;
}

const stateKey = Symbol.for("frontdesk.webhook-failures");
interface State {
  pending: Map<string, Pending>;
  flushing: Promise<void> | null;
}
const state = ((globalThis as Record<symbol, State | undefined>)[stateKey] ??= { pending: new Map(), flushing: null });

/** Counts the answer `status` to one delivery from `provider` if it is an error. */
export function recordWebhookAnswer(provider: WebhookProvider, status: number, now: Date = new Date()): void {
  const outcome = webhookOutcome(status);
  if (outcome === "processed") return;
  const hour = Math.floor(now.getTime() / 3_600_000);
  const key = `${provider}|${outcome}|${hour}`;
  const entry = state.pending.get(key);
  if (entry) {
    entry.count++;
    if (now > entry.at) entry.at = now;
  } else {
    state.pending.set(key, { provider, outcome, count: 1, at: now });
  }
  state.flushing ??= flush();
}

async function flush(): Promise<void> {
  try {
    while (state.pending.size) {
      const batch = [...state.pending.values()];
      state.pending.clear();
      for (const p of batch) {
        await tenantDb()
          .$queryRaw`SELECT record_webhook_failure(${p.provider}, ${p.outcome}, ${p.count}::int, ${p.at}::timestamptz)`
          .catch((error: unknown) => logger().warn({ err: error, provider: p.provider, outcome: p.outcome, count: p.count }, "webhook failure not counted"));
      }
    }
  } finally {
    state.flushing = null;
  }
}

/** Resolves once every failure counted so far is written (tests, shutdown). */
export function webhookFailuresWritten(): Promise<void> {
  return state.flushing ?? Promise.resolve();
}

/** Wraps a webhook route so each error answer it gives is counted for `provider`. */
export function countingWebhookFailures<A extends unknown[]>(
  provider: WebhookProvider,
  route: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args) => {
    const response = await route(...args);
    recordWebhookAnswer(provider, response.status);
    return response;
  };
}
