import "server-only";
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { z } from "zod";
import { ApiError, parseOrigin } from "@/lib/http";

/*
 * Web chat messages are counted per widget key and client IP in a fixed
 * window. The key alone would let one visitor (or one script) silence a
 * business's widget for everyone; the IP alone would throttle a whole office
 * behind one NAT across every site it visits. The defaults (30 messages a
 * minute) are far above what a person types, so a real widget never meets
 * them; they only stop a script from burning a tenant's quota or our
 * database.
 *
 * Redis when REDIS_URL is set (one count for every instance). Otherwise each
 * process counts on its own — no table, no extra write on the chat's hot
 * path — so N instances without Redis allow up to N times the limit.
 *
 * A limiter that cannot answer (Redis down) lets the message through: the
 * receptionist staying up matters more than a brief loss of throttling.
 */

export interface ChatRatePolicy {
  maxMessages: number;
  windowSeconds: number;
}

export type ChatRateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface ChatRateLimiter {
  take(key: string, policy: ChatRatePolicy): Promise<ChatRateDecision>;
  close?(): Promise<void>;
}

export const DEFAULT_CHAT_RATE_POLICY: ChatRatePolicy = { maxMessages: 30, windowSeconds: 60 };

const envSchema = z.object({
  CHAT_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(DEFAULT_CHAT_RATE_POLICY.maxMessages),
  CHAT_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_CHAT_RATE_POLICY.windowSeconds),
});

/** CHAT_RATE_LIMIT_MAX messages per CHAT_RATE_LIMIT_WINDOW_SECONDS, per widget key and client IP. */
export function chatRatePolicy(env: Record<string, string | undefined> = process.env): ChatRatePolicy {
  // Read on every message: parse the environment once per distinct setting, not per request.
  const cacheKey = `${env.CHAT_RATE_LIMIT_MAX ?? ""}|${env.CHAT_RATE_LIMIT_WINDOW_SECONDS ?? ""}`;
  const cached = policies.get(cacheKey);
  if (cached) return cached;
  const policy = parsePolicy(env);
  policies.set(cacheKey, policy);
  return policy;
}

const policies = new Map<string, ChatRatePolicy>();

function parsePolicy(env: Record<string, string | undefined>): ChatRatePolicy {
  const parsed = envSchema.safeParse({
    CHAT_RATE_LIMIT_MAX: env.CHAT_RATE_LIMIT_MAX || undefined,
    CHAT_RATE_LIMIT_WINDOW_SECONDS: env.CHAT_RATE_LIMIT_WINDOW_SECONDS || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".")}: must be a positive integer`);
  }
  return { maxMessages: parsed.data.CHAT_RATE_LIMIT_MAX, windowSeconds: parsed.data.CHAT_RATE_LIMIT_WINDOW_SECONDS };
}

const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

/** The bucket of one widget key (its stored hash) and one client address. */
export function chatRateKey(keyHash: string, ip: string | null): string {
  return `${keyHash.slice(0, 32)}:${digest(ip ?? "unknown")}`;
}

export function createMemoryChatRateLimiter(now: () => number = Date.now): ChatRateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async take(key, policy) {
      const t = now();
      // Expired windows are dropped now and then, so idle visitors cost no memory.
      if (windows.size > 10_000) for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
      let w = windows.get(key);
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + policy.windowSeconds * 1000 };
        windows.set(key, w);
      }
      w.count += 1;
      return w.count <= policy.maxMessages ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - t) / 1000)) };
    },
  };
}

export function createRedisChatRateLimiter(url: string, prefix = "frontdesk:chat:"): ChatRateLimiter {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  // Without a listener ioredis reports every reconnection attempt as an unhandled error.
  redis.on("error", () => {});
  return {
    async take(key, policy) {
      const k = `${prefix}${key}`;
      try {
        const results = (await redis.multi().incr(k).expire(k, policy.windowSeconds, "NX").pttl(k).exec()) ?? [];
        const count = Number(results[0]?.[1]);
        const pttl = Number(results[2]?.[1]);
        if (!Number.isFinite(count) || count <= policy.maxMessages) return { allowed: true };
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((pttl > 0 ? pttl : policy.windowSeconds * 1000) / 1000)) };
      } catch (error) {
        console.error("[chat] rate limiter unavailable, message let through:", (error as Error)?.name ?? typeof error);
        return { allowed: true };
      }
    },
    async close() {
      await redis.quit();
    },
  };
}

const globalKey = Symbol.for("frontdesk.chat-rate-limiter");
const store = globalThis as Record<symbol, ChatRateLimiter | undefined>;

/** The process-wide limiter, by configuration. */
export function chatRateLimiter(): ChatRateLimiter {
  return (store[globalKey] ??= process.env.REDIS_URL ? createRedisChatRateLimiter(process.env.REDIS_URL) : createMemoryChatRateLimiter());
}

/**
 * Throws 429 rate_limited, with Retry-After, when this key and address have
 * used up their window. It runs before the key is looked up (no database), so
 * the page's origin is not checked yet: it may still read the refusal, which
 * says nothing about the key.
 */
export async function enforceChatRateLimit(request: Request, keyHash: string, ip: string | null, limiter = chatRateLimiter()): Promise<void> {
  const decision = await limiter.take(chatRateKey(keyHash, ip), chatRatePolicy());
  if (decision.allowed) return;
  const origin = request.headers.get("origin");
  throw new ApiError(
    "rate_limited",
    `Too many messages from this address for this widget; try again in ${decision.retryAfterSeconds} s.`,
    undefined,
    {
      "retry-after": String(decision.retryAfterSeconds),
      "access-control-expose-headers": "Retry-After",
      ...(origin && parseOrigin(origin) ? { "access-control-allow-origin": origin, vary: "Origin" } : {}),
    },
  );
}
