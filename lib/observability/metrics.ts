import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/*
 * Prometheus metrics, served at /api/metrics. The registry lives on
 * globalThis like the database clients: Next evaluates this module once per
 * bundle layer, and two registries would each count half the requests.
 *
 * 429s: a refusal answered through a request wrapper (withChannel,
 * withTenantUser…) is counted there from its status. Code that refuses before
 * any wrapper runs increments `metrics.rateLimited` itself, once.
 */

/** What the pool gauges read; pg.Pool has these. */
export interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { max?: number };
  /** Statements issued through the pool's clients (TenantScopedPool counts them). */
  readonly statementCount?: number;
}

type QueueDepthReader = () => Record<string, number> | Promise<Record<string, number>>;

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "frontdesk_" });
  const pools = new Map<string, PoolStats>();
  const queueReaders: QueueDepthReader[] = [];

  const perPool = (name: string, help: string, read: (p: PoolStats) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        this.reset();
        for (const [pool, stats] of pools) {
          const value = read(stats);
          if (value !== undefined) this.set({ pool }, value);
        }
      },
    });

  const metrics = {
    requestDuration: new Histogram({
      name: "frontdesk_http_request_duration_seconds",
      help: "Time to answer a request, by route pattern, channel and status",
      labelNames: ["route", "channel", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    webhookEvents: new Counter({
      name: "frontdesk_webhook_events_total",
      help: "Provider webhook deliveries by provider and outcome",
      labelNames: ["provider", "outcome"],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "frontdesk_rate_limited_total",
      help: "Requests refused with 429, by channel",
      labelNames: ["channel"],
      registers: [registry],
    }),
    poolTotal: perPool("frontdesk_db_pool_connections", "Open connections per pool", (p) => p.totalCount),
    poolIdle: perPool("frontdesk_db_pool_idle_connections", "Idle connections per pool", (p) => p.idleCount),
    poolWaiting: perPool("frontdesk_db_pool_waiting_requests", "Callers waiting for a connection per pool", (p) => p.waitingCount),
    poolMax: perPool("frontdesk_db_pool_max_connections", "Configured size of each pool", (p) => p.options.max),
    // A gauge that only grows: prom-client counters cannot be set from a reading.
    statements: new Gauge({
      name: "frontdesk_db_statements_total",
      help: "SQL statements issued through each pool since the process started (the tenant preamble sharing their round trip is not counted)",
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        for (const [pool, stats] of pools) if (stats.statementCount !== undefined) this.set({ pool }, stats.statementCount);
      },
    }),
    jobQueueDepth: new Gauge({
      name: "frontdesk_job_queue_depth",
      help: "Jobs waiting per queue",
      labelNames: ["queue"],
      registers: [registry],
      async collect() {
        this.reset();
        for (const read of queueReaders) {
          for (const [queue, depth] of Object.entries(await read())) this.set({ queue }, depth);
        }
      },
    }),
  };
  return { registry, pools, queueReaders, metrics };
}

const key = Symbol.for("frontdesk.metrics");
const state = ((globalThis as Record<symbol, ReturnType<typeof build> | undefined>)[key] ??= build());

export const metrics = state.metrics;

/** Reports `pool` under `name` in the pool gauges (a later pool of the same name replaces it). */
export function registerPoolMetrics(name: string, pool: PoolStats): void {
  state.pools.set(name, pool);
}

/** Hook for the job runner: `read` is called at each scrape and returns depth per queue. */
export function registerJobQueueDepth(read: QueueDepthReader): void {
  state.queueReaders.push(read);
}

export function metricsContentType(): string {
  return state.registry.contentType;
}

export function renderMetrics(): Promise<string> {
  return state.registry.metrics();
}
