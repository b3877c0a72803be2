import "server-only";
import pino, { type DestinationStream, type Logger } from "pino";
import { currentTenantId } from "@/lib/tenancy";
import { errorChain, errorCodes } from "./error-codes";
import { currentRequestScope } from "./request-scope";

/*
 * One JSON line per event on stdout, each stamped with the request id, tenant,
 * route and channel of the request it happened in. Secrets and what callers
 * said never reach the log: those fields are redacted wherever they appear,
 * and errors are logged by code and stack frames, without their message
 * (driver and Prisma messages quote query values, i.e. personal data).
 */

/** Field names that carry secrets or a caller's words, at any of the first three levels. */
const SENSITIVE_FIELDS = [
  "password",
  "token",
  "secret",
  "authorization",
  "cookie",
  "apiKey",
  "authToken",
  "webhookSecret",
  "message",
  "body",
  "Body",
  "ProfileName",
  "text",
  "content",
  "transcript",
  "reply",
  "phone",
  "email",
];
const REDACT_PATHS = SENSITIVE_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

// Messages of these are produced by code, never copied from input.
const CODE_MESSAGES = new Set(["TypeError", "RangeError", "ReferenceError", "DeadlineExceededError"]);

/** What a log line says about an error: codes, class and where it was thrown. */
export function describeError(error: unknown): Record<string, unknown> {
  const e = (error ?? {}) as Record<string, unknown>;
  const name = typeof e.name === "string" ? e.name : typeof error;
  const keepMessage = CODE_MESSAGES.has(name) && typeof e.message === "string";
  const frames = typeof e.stack === "string" ? e.stack.split("\n").filter((line) => /^\s+at /.test(line)) : [];
  const where: Record<string, unknown> = {};
  for (const link of errorChain(error)) {
    for (const field of ["constraint", "table", "column", "routine", "severity"] as const) {
      if (typeof link[field] === "string") where[field] ??= link[field];
    }
  }
  return {
    type: name,
    ...errorCodes(error),
    ...where,
    ...(keepMessage ? { reason: e.message } : {}),
    stack: [`${name}${keepMessage ? `: ${String(e.message)}` : ""}`, ...frames].join("\n"),
  };
}

function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
      base: { service: "frontdesk" },
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: describeError, error: describeError },
      mixin() {
        const scope = currentRequestScope();
        const tenantId = currentTenantId() ?? scope?.tenantId;
        return {
          ...(scope ? { requestId: scope.requestId, route: scope.route, channel: scope.channel } : {}),
          ...(tenantId ? { tenantId } : {}),
        };
      },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

const loggerKey = Symbol.for("frontdesk.logger");
const holder = globalThis as Record<symbol, Logger | undefined>;

/** The process-wide logger. */
export function logger(): Logger {
  return (holder[loggerKey] ??= createLogger());
}

/** Sends the process's log lines to `destination` from now on (tests read them back). */
export function useLogDestination(destination: DestinationStream): void {
  holder[loggerKey] = createLogger(destination);
}
