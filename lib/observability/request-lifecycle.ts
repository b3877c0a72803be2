import "server-only";
import { z } from "zod";
import { logger } from "./logger";
import { metrics } from "./metrics";
import { runInRequestScope, untilDeadline } from "./request-scope";

/*
 * Every request a wrapper serves goes through runRequest: it gets its scope
 * (id, route, channel, deadline), is answered by its deadline at the latest,
 * is counted while in flight (graceful shutdown waits for those), and leaves
 * one log line and one latency observation.
 */

export interface RequestMeta {
  requestId: string;
  route: string;
  channel: string;
  method: string;
}

const deadlineSchema = z.coerce.number().int().min(100).max(300_000).default(10_000);

/** REQUEST_DEADLINE_MS: how long any request may take before it is answered 503. */
export function requestDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = deadlineSchema.safeParse(env.REQUEST_DEADLINE_MS || undefined);
  return parsed.success ? parsed.data : 10_000;
}

const inFlightKey = Symbol.for("frontdesk.in-flight");
interface InFlight {
  count: number;
  idle: Array<() => void>;
}
const inFlight = ((globalThis as Record<symbol, InFlight | undefined>)[inFlightKey] ??= { count: 0, idle: [] });

export function requestsInFlight(): number {
  return inFlight.count;
}

/** Resolves once no request is in flight. */
export function whenNoRequestInFlight(): Promise<void> {
  if (inFlight.count === 0) return Promise.resolve();
  return new Promise((resolve) => inFlight.idle.push(resolve));
}

const PROVIDERS: Record<string, string> = { voice: "vapi", whatsapp: "twilio" };

/** How a provider webhook answer is counted (metrics and the durable failure count). */
export function webhookOutcome(status: number): string {
  if (status < 400) return "processed";
  if (status === 401 || status === 403) return "unauthenticated";
  if (status === 404) return "unrouted";
  if (status === 429) return "rate_limited";
  if (status === 503) return "unavailable";
  return status < 500 ? "rejected" : "failed";
}

/**
 * Runs `body` as the request described by `meta`. A throw, or the deadline
 * passing first, is turned into the answer by `fail`; `statusOf` reads the
 * status of whatever the caller answers with (a Response, a server action result).
 */
export async function runRequest<T>(
  meta: RequestMeta,
  body: () => Promise<T>,
  fail: (error: unknown) => T,
  statusOf: (result: T) => number,
): Promise<T> {
  const started = performance.now();
  inFlight.count++;
  try {
    return await runInRequestScope({ ...meta, deadlineAt: Date.now() + requestDeadlineMs() }, async () => {
      let result: T;
      try {
        result = await untilDeadline(body());
      } catch (error) {
        result = fail(error);
      }
      const status = statusOf(result);
      const seconds = (performance.now() - started) / 1000;
      metrics.requestDuration.observe({ route: meta.route, channel: meta.channel, method: meta.method, status: String(status) }, seconds);
      if (status === 429) metrics.rateLimited.inc({ channel: meta.channel });
      const provider = PROVIDERS[meta.channel];
      if (provider) metrics.webhookEvents.inc({ provider, outcome: webhookOutcome(status) });
      logger().info({ method: meta.method, status, durationMs: Math.round(seconds * 1000) }, "request");
      return result;
    });
  } finally {
    if (--inFlight.count === 0) for (const resolve of inFlight.idle.splice(0)) resolve();
  }
}

/**
 * The route pattern of a request: its path with each dynamic segment's value
 * put back as `[name]`, so metrics get one series per route, not per id.
 */
export function routePattern(pathname: string, params: Record<string, string | string[] | undefined> | undefined): string {
  if (!params) return pathname;
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) names.set(v, name);
  }
  return pathname
    .split("/")
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // Left as is: Next would not have routed an undecodable segment to a param.
      }
      const name = names.get(decoded);
      return name ? `[${name}]` : segment;
    })
    .join("/");
}
