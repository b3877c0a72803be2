import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createChannelAdmission, type AdmissionPolicy } from "@/lib/channels/admission";
import { createMemoryTokenBuckets, createRedisTokenBuckets, type TokenBuckets } from "@/lib/channels/token-buckets";
import { installStatementCounter, statementsDuring } from "../support/statement-counter";
import { setUpChannelTest, type ChannelTestEnv } from "./channel-test-env";

/*
 * Admission control before the database: an address naming unknown widget
 * keys is cut off after its failure budget, and a tenant's channel has a
 * token bucket and a cap on requests at once, with a short queue. Refusals
 * (429 with Retry-After) cost no statement. Time comes from injected clocks.
 */

const redis = createRedisTokenBuckets(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", `frontdesk:test:admission:${Date.now()}:`);
afterAll(() => redis.close?.());

describe.each([
  ["in-process", (now: () => number) => createMemoryTokenBuckets(now)],
  ["Redis", (now: () => number) => createRedisTokenBuckets(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", `frontdesk:test:admission:${randomBytes(4).toString("hex")}:`, now)],
] as Array<[string, (now: () => number) => TokenBuckets]>)("token buckets (%s)", (_name, make) => {
  it("gives the burst at once, then one token per 1/rate, reserving within maxWait and refusing beyond", async () => {
    let t = 1_000_000;
    const buckets = make(() => t);
    const rate = { ratePerSecond: 10, burst: 3, maxWaitMs: 0 };
    const key = `k-${randomBytes(4).toString("hex")}`;
    for (let i = 0; i < 3; i++) expect(await buckets.take(key, rate)).toEqual({ allowed: true, waitMs: 0 });
    expect(await buckets.take(key, rate)).toEqual({ allowed: false, retryAfterMs: 100 });
    t += 100;
    expect(await buckets.take(key, rate)).toEqual({ allowed: true, waitMs: 0 });
    // Willing to wait 250 ms: the next two tokens are reserved (100 and 200 ms away), the third is not.
    const patient = { ...rate, maxWaitMs: 250 };
    expect(await buckets.take(key, patient)).toEqual({ allowed: true, waitMs: 100 });
    expect(await buckets.take(key, patient)).toEqual({ allowed: true, waitMs: 200 });
    expect(await buckets.take(key, patient)).toEqual({ allowed: false, retryAfterMs: 300 });
    await buckets.close?.();
  });
});

describe("the admission of one tenant's channel", () => {
  const policy: AdmissionPolicy = {
    tenantRatePerSecond: 1_000,
    tenantBurst: 1_000,
    tenantConcurrency: 2,
    tenantQueue: 2,
    queueWaitMs: 500,
    failuresPerMinute: 3,
  };
  // A clock and timers the test moves by hand.
  let t = 0;
  let timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  const advance = (ms: number) => {
    t += ms;
    for (const timer of timers.filter((x) => !x.cancelled && x.at <= t)) {
      timer.cancelled = true;
      timer.fn();
    }
  };
  const make = (p: Partial<AdmissionPolicy> = {}) => {
    t = 0;
    timers = [];
    return createChannelAdmission({
      buckets: createMemoryTokenBuckets(() => t),
      policy: () => ({ ...policy, ...p }),
      now: () => t,
      setTimer: (fn, ms) => {
        const timer = { at: t + ms, fn, cancelled: false };
        timers.push(timer);
        return { cancel: () => void (timer.cancelled = true) };
      },
    });
  };

  it("runs `concurrency` at once, queues `queue` more in order, refuses the rest, and times out a wait", async () => {
    const admission = make();
    const a = await admission.enter("t1", "web");
    const b = await admission.enter("t1", "web");
    const order: string[] = [];
    const c = admission.enter("t1", "web").then((release) => (order.push("c"), release));
    const d = admission.enter("t1", "web").then((release) => (order.push("d"), release));
    // Beyond the queue: refused, but only after the wait, so a flooding client cannot spin on refusals.
    let overflowSettled = false;
    const overflow = admission.enter("t1", "web").finally(() => (overflowSettled = true));
    overflow.catch(() => undefined);
    // Another tenant, and the same tenant's phone line, are not affected.
    (await admission.enter("t2", "web"))();
    (await admission.enter("t1", "voice"))();
    a();
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    expect(overflowSettled).toBe(false);
    advance(500);
    await expect(overflow).rejects.toMatchObject({ code: "rate_limited", status: 429 });
    await expect(d).rejects.toMatchObject({ code: "rate_limited", headers: { "retry-after": "1" } });
    b();
    releaseC();
    // Everything released: a fresh turn is immediate.
    (await admission.enter("t1", "web"))();
  });

  it("slows a burst beyond the bucket to the rate instead of refusing it, within the wait", async () => {
    const admission = make({ tenantRatePerSecond: 10, tenantBurst: 1, tenantConcurrency: 10 });
    (await admission.enter("t1", "web"))();
    const waiting = admission.enter("t1", "web");
    let admitted = false;
    void waiting.then(() => (admitted = true));
    await Promise.resolve();
    expect(admitted).toBe(false);
    advance(100);
    (await waiting)();
    expect(admitted).toBe(true);
  });

  it("cuts an address off after its failure budget, until it refills; an unknown address is never charged", async () => {
    const admission = make();
    for (let i = 0; i < 3; i++) await admission.recordFailure("203.0.113.9");
    expect(() => admission.refuseSpentAddress("203.0.113.9")).not.toThrow();
    await admission.recordFailure("203.0.113.9");
    expect(() => admission.refuseSpentAddress("203.0.113.9")).toThrow(expect.objectContaining({ code: "rate_limited" }));
    expect(() => admission.refuseSpentAddress("203.0.113.10")).not.toThrow();
    advance(20_000);
    expect(() => admission.refuseSpentAddress("203.0.113.9")).not.toThrow();
    for (let i = 0; i < 10; i++) await admission.recordFailure(null);
    expect(() => admission.refuseSpentAddress(null)).not.toThrow();
  });
});

describe("through the chat route", () => {
  let env: ChannelTestEnv;
  let POST: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    env = await setUpChannelTest("admission");
    installStatementCounter();
    ({ POST } = await import("@/app/api/v1/chat/route"));
  });

  afterAll(async () => {
    await env?.close();
  });

  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ["CHANNEL_TENANT_RATE", "CHANNEL_TENANT_BURST", "CHANNEL_FAILURES_PER_MINUTE"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  const chat = (key: string, ip: string) =>
    POST(
      new Request("http://127.0.0.1:3000/api/v1/chat", {
        method: "POST",
        headers: { "content-type": "application/json", "x-tenant-key": key, "x-forwarded-for": ip },
        body: JSON.stringify({ message: "Bonjour" }),
      }),
    );
  const unknownKey = () => `fdw_${randomBytes(24).toString("base64url")}`;

  it("500 unknown widget keys from one address: cut off after the budget, and each refusal costs no statement", async () => {
    process.env.CHANNEL_FAILURES_PER_MINUTE = "30";
    const ip = "198.51.100.77";
    const statuses: number[] = [];
    const refusalStatements: number[] = [];
    for (let i = 0; i < 500; i++) {
      const { result, statements } = await statementsDuring(async () => (await chat(unknownKey(), ip)).status);
      statuses.push(result);
      if (result === 429) refusalStatements.push(statements);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(460);
    expect(refusalStatements.every((n) => n === 0)).toBe(true);
    // The address is refused even with a real key, before it is looked up; another address goes on.
    expect((await chat(env.tenants["maple-dental"].widgetKey, ip)).status).toBe(429);
    expect((await chat(env.tenants["maple-dental"].widgetKey, "198.51.100.78")).status).toBe(200);
  });

  it("a tenant past its bucket is refused (after the wait) with Retry-After and no statement, other tenants go on", async () => {
    const dupont = env.tenants["cabinet-dupont"].widgetKey;
    expect((await chat(dupont, "198.51.100.80")).status).toBe(200);
    process.env.CHANNEL_TENANT_RATE = "0.01";
    process.env.CHANNEL_TENANT_BURST = "1";
    // The bucket is fresh at this rate's key, so spend its one token first.
    await chat(dupont, "198.51.100.81");
    const { result, statements } = await statementsDuring(() => chat(dupont, "198.51.100.82"));
    expect(result.status).toBe(429);
    expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(2);
    expect(statements).toBe(0);
    expect((await chat(env.tenants["salon-amel"].widgetKey, "198.51.100.83")).status).toBe(200);
  });
});
