import { afterAll, describe, expect, it } from "vitest";
import {
  chatRateKey,
  chatRatePolicy,
  createMemoryChatRateLimiter,
  createRedisChatRateLimiter,
  DEFAULT_CHAT_RATE_POLICY,
  type ChatRateLimiter,
} from "@/lib/channels/chat-rate-limit";

/* The web chat's limiter, both stores, and its configuration. */

const redis = createRedisChatRateLimiter(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", `frontdesk:test:chat:${Date.now()}:`);
afterAll(() => redis.close?.());

describe.each([
  ["in-process", () => createMemoryChatRateLimiter()],
  ["Redis", () => redis],
] as Array<[string, () => ChatRateLimiter]>)("%s store", (_name, make) => {
  it("allows the window's messages, then refuses with the seconds left, per key", async () => {
    const limiter = make();
    const policy = { maxMessages: 3, windowSeconds: 30 };
    const key = chatRateKey("a".repeat(64), `192.0.2.${Math.floor(Math.random() * 250)}`);
    for (let i = 0; i < 3; i++) expect(await limiter.take(key, policy)).toEqual({ allowed: true });
    const refused = await limiter.take(key, policy);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(30);
    }
    expect(await limiter.take(`${key}-other`, policy)).toEqual({ allowed: true });
  });

  it("opens a new window when the old one is over", async () => {
    const limiter = make();
    const policy = { maxMessages: 1, windowSeconds: 1 };
    const key = chatRateKey("b".repeat(64), `198.51.100.${Math.floor(Math.random() * 250)}`);
    expect((await limiter.take(key, policy)).allowed).toBe(true);
    expect((await limiter.take(key, policy)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await limiter.take(key, policy)).allowed).toBe(true);
  });
});

it("keys on the widget key and the address, never the raw address", () => {
  expect(chatRateKey("c".repeat(64), "203.0.113.7")).not.toContain("203.0.113.7");
  expect(chatRateKey("c".repeat(64), "203.0.113.7")).not.toBe(chatRateKey("d".repeat(64), "203.0.113.7"));
  expect(chatRateKey("c".repeat(64), "203.0.113.7")).not.toBe(chatRateKey("c".repeat(64), "203.0.113.8"));
});

it("reads its limits from the environment, with defaults a person never reaches", () => {
  expect(chatRatePolicy({})).toEqual(DEFAULT_CHAT_RATE_POLICY);
  expect(DEFAULT_CHAT_RATE_POLICY).toEqual({ maxMessages: 30, windowSeconds: 60 });
  expect(chatRatePolicy({ CHAT_RATE_LIMIT_MAX: "120", CHAT_RATE_LIMIT_WINDOW_SECONDS: "300" })).toEqual({
    maxMessages: 120,
    windowSeconds: 300,
  });
  expect(() => chatRatePolicy({ CHAT_RATE_LIMIT_MAX: "0" })).toThrow(/CHAT_RATE_LIMIT_MAX/);
  expect(() => chatRatePolicy({ CHAT_RATE_LIMIT_WINDOW_SECONDS: "soon" })).toThrow(/CHAT_RATE_LIMIT_WINDOW_SECONDS/);
});
