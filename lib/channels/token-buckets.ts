import "server-only";
import { Redis } from "ioredis";

/*
 * Token buckets: `burst` requests at once, then `ratePerSecond` on average.
 * A request may reserve a token that will only exist `waitMs` from now, when
 * that is within its `maxWaitMs`: it then waits instead of being refused, so
 * a client that floods is slowed to the rate rather than answered 429 in a
 * tight loop. In Redis when REDIS_URL is set (one bucket for every instance),
 * otherwise in this process. Like the chat limiter, a store that cannot
 * answer lets the request through: the receptionist staying up matters more
 * than a brief loss of admission control.
 */

export type BucketDecision = { allowed: true; waitMs: number } | { allowed: false; retryAfterMs: number };

export interface BucketRate {
  ratePerSecond: number;
  burst: number;
  /** How long a request may wait for a token; 0 refuses at once. */
  maxWaitMs: number;
}

export interface TokenBuckets {
  take(key: string, rate: BucketRate): Promise<BucketDecision>;
  close?(): Promise<void>;
}

const msUntilToken = (tokens: number, rate: BucketRate) => Math.max(0, Math.ceil(((1 - tokens) / rate.ratePerSecond) * 1000));

export function createMemoryTokenBuckets(now: () => number = Date.now): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number; rate: BucketRate }>();
  const sweep = (t: number) => {
    // A bucket that has refilled completely is the same as no bucket.
    for (const [k, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * b.rate.ratePerSecond >= b.rate.burst) buckets.delete(k);
  };
  return {
    async take(key, rate) {
      const t = now();
      if (buckets.size > 10_000) sweep(t);
      const b = buckets.get(key) ?? { tokens: rate.burst, at: t, rate };
      b.tokens = Math.min(rate.burst, b.tokens + (Math.max(0, t - b.at) / 1000) * rate.ratePerSecond);
      b.at = t;
      b.rate = rate;
      buckets.set(key, b);
      const waitMs = msUntilToken(b.tokens, rate);
      if (waitMs > rate.maxWaitMs) return { allowed: false, retryAfterMs: Math.max(1, waitMs) };
      b.tokens -= 1;
      return { allowed: true, waitMs };
    },
  };
}

// One round trip: refill by elapsed time, then take (or reserve) one token.
// Returns { 1, waitMs } or { 0, retryAfterMs }.
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local max_wait = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local wait = math.max(0, math.ceil((1 - tokens) * 1000 / rate))
if wait > max_wait then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
  return { 0, math.max(1, wait) }
end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return { 1, wait }
`;

type RedisWithTake = Redis & {
  takeToken(key: string, rate: number, burst: number, now: number, maxWait: number): Promise<[number, number]>;
};

export function createRedisTokenBuckets(url: string, prefix = "frontdesk:admission:", now: () => number = Date.now): TokenBuckets {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true }) as RedisWithTake;
  // Without a listener ioredis reports every reconnection attempt as an unhandled error.
  redis.on("error", () => {});
  redis.defineCommand("takeToken", { numberOfKeys: 1, lua: TAKE_SCRIPT });
  return {
    async take(key, rate) {
      try {
        const [allowed, ms] = await redis.takeToken(`${prefix}${key}`, rate.ratePerSecond, rate.burst, now(), rate.maxWaitMs);
        return allowed === 1 ? { allowed: true, waitMs: Number(ms) } : { allowed: false, retryAfterMs: Number(ms) };
      } catch (error) {
        console.error("[admission] token store unavailable, request let through:", (error as Error)?.name ?? typeof error);
        return { allowed: true, waitMs: 0 };
      }
    },
    async close() {
      await redis.quit();
    },
  };
}
