import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/http";
import type { ChannelKind } from "./channel-route";
import { createMemoryTokenBuckets, createRedisTokenBuckets, type TokenBuckets } from "./token-buckets";

/*
 * Admission control for the channels, decided before the database is asked
 * anything it does not already have to answer:
 *
 * - An address that keeps naming routes that do not exist (unknown widget
 *   keys, unrouted numbers) or failing authentication spends a per-address
 *   budget; once spent, its requests get 429 before any lookup.
 * - Each tenant's channel has a token bucket (rate and burst, shared through
 *   Redis when REDIS_URL is set) and a cap on the requests it runs at once in
 *   this process, with a short queue. A flood on one tenant's public widget
 *   key therefore holds at most `concurrency` connections and CPU turns, and
 *   its excess waits (costing nothing) or is refused, while other tenants and
 *   the same tenant's other channels go on.
 *
 * Waiting (for a token, then for a turn) rather than answering 429 at once is
 * deliberate: a flooding client that is refused instantly comes straight
 * back, and answering it in a tight loop would cost the CPU the other tenants
 * need. Only what cannot be served within `queueWaitMs` is refused, and that
 * refusal too is held for `queueWaitMs` (up to MAX_HELD refusals per
 * process, beyond which they are answered at once).
 *
 * An address is only charged when it is known: without one (a handler called
 * outside proxy.ts) every caller would share a single budget.
 */

export interface AdmissionPolicy {
  /** Requests one tenant's channel may start per second, sustained. */
  tenantRatePerSecond: number;
  /** …and at once, after a quiet spell. */
  tenantBurst: number;
  /** Requests of one tenant's channel running at the same time in this process. */
  tenantConcurrency: number;
  /** Requests waiting for a turn, beyond which they are refused at once. */
  tenantQueue: number;
  /** How long a request waits for a turn before it is refused. */
  queueWaitMs: number;
  /** Failed routings or authentications one address may cause per minute. */
  failuresPerMinute: number;
}

const envSchema = z.object({
  // 20 messages a second is some 200 visitors typing at once: far above a
  // small business's peak, and a bounded share of one instance's capacity.
  CHANNEL_TENANT_RATE: z.coerce.number().positive().max(100_000).default(20),
  CHANNEL_TENANT_BURST: z.coerce.number().int().min(1).max(100_000).default(40),
  // Two at once: another tenant's request then shares the CPU with at most two
  // of a flooding tenant's, which bounds its slowdown near 3× even when saturated.
  CHANNEL_TENANT_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(2),
  CHANNEL_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
});

let cached: { source: string; policy: AdmissionPolicy } | undefined;

/** The policy from CHANNEL_* variables (read on every call, parsed again only when they change). */
export function admissionPolicy(env: Record<string, string | undefined> = process.env): AdmissionPolicy {
  const raw = Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, env[name] || undefined]));
  const source = JSON.stringify(raw);
  if (cached?.source === source) return cached.policy;
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".")}: ${issue?.message}`);
  }
  const p = parsed.data;
  const policy: AdmissionPolicy = {
    tenantRatePerSecond: p.CHANNEL_TENANT_RATE,
    tenantBurst: p.CHANNEL_TENANT_BURST,
    tenantConcurrency: p.CHANNEL_TENANT_CONCURRENCY,
    tenantQueue: p.CHANNEL_TENANT_CONCURRENCY * 16,
    queueWaitMs: 2_000,
    failuresPerMinute: p.CHANNEL_FAILURES_PER_MINUTE,
  };
  cached = { source, policy };
  return policy;
}

export type Release = () => void;

export interface ChannelAdmission {
  /** 429 when this address has spent its failure budget (no I/O). */
  refuseSpentAddress(ip: string | null): void;
  /** Counts a failed routing or authentication against the address. */
  recordFailure(ip: string | null): Promise<void>;
  /** Takes a token and a turn for the tenant's channel, or throws 429; call the release when done. */
  enter(tenantId: string, kind: ChannelKind): Promise<Release>;
}

/** Refusals held back at once, process-wide: each is a parked socket and a timer. */
const MAX_HELD = 1_000;

const tooMany = (retryAfterMs: number, message: string) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError("rate_limited", `${message} Try again in ${seconds} s.`, undefined, {
    "retry-after": String(seconds),
    "access-control-expose-headers": "Retry-After",
  });
};

const addressKey = (ip: string) => createHash("sha256").update(ip).digest("hex").slice(0, 32);

interface Turns {
  running: number;
  waiting: Array<{ admit: () => void }>;
}

export interface AdmissionDeps {
  buckets: TokenBuckets;
  policy?: () => AdmissionPolicy;
  now?: () => number;
  /** How a queued request is timed out; tests pass a clock of their own. */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

const realTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
};

export function createChannelAdmission(deps: AdmissionDeps): ChannelAdmission {
  const policy = deps.policy ?? (() => admissionPolicy());
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? realTimer;
  const spentUntil = new Map<string, number>();
  const turns = new Map<string, Turns>();
  let held = 0;

  /** Answers a tenant's overflow only after `ms`: a flooding client waits instead of spinning on refusals. */
  async function refuseLater(ms: number, retryAfterMs: number): Promise<never> {
    if (held < MAX_HELD) {
      held += 1;
      try {
        await new Promise<void>((resolve) => setTimer(resolve, ms));
      } finally {
        held -= 1;
      }
    }
    throw tooMany(retryAfterMs, "This line is receiving too many requests.");
  }

  function release(key: string, state: Turns): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = state.waiting.shift();
      if (next) return next.admit();
      state.running -= 1;
      if (state.running === 0) turns.delete(key);
    };
  }

  return {
    refuseSpentAddress(ip) {
      if (ip === null) return;
      const key = addressKey(ip);
      const until = spentUntil.get(key);
      if (until === undefined) return;
      const left = until - now();
      if (left <= 0) spentUntil.delete(key);
      else throw tooMany(left, "Too many failed requests from this address.");
    },

    async recordFailure(ip) {
      if (ip === null) return;
      const key = addressKey(ip);
      const perMinute = policy().failuresPerMinute;
      const decision = await deps.buckets.take(`failures:${key}`, { ratePerSecond: perMinute / 60, burst: perMinute, maxWaitMs: 0 });
      if (decision.allowed) return;
      if (spentUntil.size > 10_000) for (const [k, t] of spentUntil) if (t <= now()) spentUntil.delete(k);
      spentUntil.set(key, now() + decision.retryAfterMs);
    },

    async enter(tenantId, kind) {
      const p = policy();
      const key = `${kind}:${tenantId}`;
      const token = await deps.buckets.take(`tenant:${key}`, {
        ratePerSecond: p.tenantRatePerSecond,
        burst: p.tenantBurst,
        maxWaitMs: p.queueWaitMs,
      });
      if (!token.allowed) return refuseLater(p.queueWaitMs, token.retryAfterMs);
      if (token.waitMs > 0) await new Promise<void>((resolve) => setTimer(resolve, token.waitMs));
      let state = turns.get(key);
      if (!state) turns.set(key, (state = { running: 0, waiting: [] }));
      if (state.running < p.tenantConcurrency) {
        state.running += 1;
        return release(key, state);
      }
      if (state.waiting.length >= p.tenantQueue) return refuseLater(p.queueWaitMs, p.queueWaitMs);
      const waiting = state;
      return new Promise<Release>((resolve, reject) => {
        const entry = {
          admit: () => {
            timer.cancel();
            resolve(release(key, waiting));
          },
        };
        const timer = setTimer(() => {
          const i = waiting.waiting.indexOf(entry);
          if (i >= 0) waiting.waiting.splice(i, 1);
          reject(tooMany(p.queueWaitMs, "This line is receiving too many requests."));
        }, p.queueWaitMs);
        waiting.waiting.push(entry);
      });
    },
  };
}

const globalKey = Symbol.for("frontdesk.channel-admission");
const store = globalThis as Record<symbol, ChannelAdmission | undefined>;

/** The process-wide admission, by configuration. */
export function channelAdmission(): ChannelAdmission {
  return (store[globalKey] ??= createChannelAdmission({
    buckets: process.env.REDIS_URL ? createRedisTokenBuckets(process.env.REDIS_URL) : createMemoryTokenBuckets(),
  }));
}
