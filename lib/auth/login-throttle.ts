import "server-only";
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { tenantDb } from "@/lib/db";

/*
 * Failed sign-ins are counted per email and per client IP in a fixed window;
 * reaching the limit locks that key until the lock expires. Locking by email
 * stops guessing one account from many IPs; locking by IP stops one client
 * spraying many accounts. Unknown emails are counted exactly like known ones,
 * so a lock reveals nothing about which accounts exist.
 *
 * Redis when REDIS_URL is set (shared by every instance, expiry for free),
 * PostgreSQL otherwise (table login_throttles).
 */

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const EMAIL_POLICY: ThrottlePolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const IP_POLICY: ThrottlePolicy = { maxFailures: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

export interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
}

export interface LoginThrottle {
  /** The latest lock expiry among the keys, or null when none is locked. */
  lockedUntil(keys: ThrottleKey[]): Promise<Date | null>;
  /** Counts a failure on each key; returns the keys that this failure locked. */
  recordFailure(keys: ThrottleKey[]): Promise<ThrottleKey[]>;
  /** Forgets the failures of a key (successful sign-in clears the email's count). */
  reset(keys: ThrottleKey[]): Promise<void>;
  /** Lifts a lock in force and forgets the failures (Frontdesk support clearing a member's lockout). */
  unlock(keys: ThrottleKey[]): Promise<void>;
  close?(): Promise<void>;
}

const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

export function signInThrottleKeys(
  email: string,
  ip: string | null,
  policies: { email: ThrottlePolicy; ip: ThrottlePolicy } = { email: EMAIL_POLICY, ip: IP_POLICY },
): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `email:${digest(email)}`, policy: policies.email }];
  if (ip) keys.push({ key: `ip:${digest(ip)}`, policy: policies.ip });
  return keys;
}

export function createPostgresThrottle(db = tenantDb): LoginThrottle {
  return {
    async lockedUntil(keys) {
      const rows = await db().$queryRaw<Array<{ until: Date | null }>>`
        SELECT max(locked_until) AS until FROM login_throttles
        WHERE key = ANY(${keys.map((k) => k.key)}::text[]) AND locked_until > now()`;
      return rows[0]?.until ?? null;
    },
    async recordFailure(keys) {
      const locked: ThrottleKey[] = [];
      for (const k of keys) {
        // One statement per key: a new window starts when the old one (or an
        // expired lock) is over, and the lock is set by the failure that
        // reaches the limit, atomically under concurrent attempts.
        const rows = await db().$queryRaw<Array<{ newly_locked: boolean }>>`
          INSERT INTO login_throttles AS t (key, failures, window_started_at, locked_until)
          VALUES (${k.key}, 1, now(), CASE WHEN 1 >= ${k.policy.maxFailures}::int
            THEN now() + make_interval(secs => ${k.policy.lockSeconds}::int) END)
          ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN t.window_started_at <= now() - make_interval(secs => ${k.policy.windowSeconds}::int)
                              OR (t.locked_until IS NOT NULL AND t.locked_until <= now())
                            THEN 1 ELSE t.failures + 1 END,
            window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => ${k.policy.windowSeconds}::int)
                              OR (t.locked_until IS NOT NULL AND t.locked_until <= now())
                            THEN now() ELSE t.window_started_at END,
            locked_until = CASE
              WHEN t.locked_until > now() THEN t.locked_until
              WHEN (CASE WHEN t.window_started_at <= now() - make_interval(secs => ${k.policy.windowSeconds}::int)
                              OR (t.locked_until IS NOT NULL AND t.locked_until <= now())
                         THEN 1 ELSE t.failures + 1 END) >= ${k.policy.maxFailures}::int
                THEN now() + make_interval(secs => ${k.policy.lockSeconds}::int)
              ELSE NULL END
          RETURNING (locked_until IS NOT NULL AND locked_until > now()
                     AND failures = ${k.policy.maxFailures}::int) AS newly_locked`;
        if (rows[0]?.newly_locked) locked.push(k);
      }
      return locked;
    },
    async reset(keys) {
      await db().$executeRaw`DELETE FROM login_throttles WHERE key = ANY(${keys.map((k) => k.key)}::text[])`;
    },
    async unlock(keys) {
      await db().$executeRaw`DELETE FROM login_throttles WHERE key = ANY(${keys.map((k) => k.key)}::text[])`;
    },
  };
}

export function createRedisThrottle(url: string, prefix = "frontdesk:login:"): LoginThrottle {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  return {
    async lockedUntil(keys) {
      const pttls = await Promise.all(keys.map((k) => redis.pttl(`${prefix}lock:${k.key}`)));
      const longest = Math.max(-1, ...pttls);
      return longest > 0 ? new Date(Date.now() + longest) : null;
    },
    async recordFailure(keys) {
      const locked: ThrottleKey[] = [];
      for (const k of keys) {
        const counter = `${prefix}count:${k.key}`;
        const [[, count]] = (await redis
          .multi()
          .incr(counter)
          .expire(counter, k.policy.windowSeconds, "NX")
          .exec()) as [[Error | null, number], [Error | null, number]];
        if (count >= k.policy.maxFailures) {
          // NX: a lock already in force is not extended, and only the failure
          // that set it reports it (one audit event per lock).
          const set = await redis.set(`${prefix}lock:${k.key}`, "1", "EX", k.policy.lockSeconds, "NX");
          await redis.del(counter);
          if (set === "OK") locked.push(k);
        }
      }
      return locked;
    },
    async reset(keys) {
      await redis.del(...keys.map((k) => `${prefix}count:${k.key}`));
    },
    async unlock(keys) {
      await redis.del(...keys.flatMap((k) => [`${prefix}count:${k.key}`, `${prefix}lock:${k.key}`]));
    },
    async close() {
      await redis.quit();
    },
  };
}

const globalKey = Symbol.for("frontdesk.login-throttle");
const store = globalThis as Record<symbol, LoginThrottle | undefined>;

/** The process-wide throttle, by configuration. */
export function loginThrottle(): LoginThrottle {
  return (store[globalKey] ??= process.env.REDIS_URL
    ? createRedisThrottle(process.env.REDIS_URL)
    : createPostgresThrottle());
}
