import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/database-errors";
import { logger } from "@/lib/observability/logger";
import { DeadlineExceededError } from "@/lib/observability/request-scope";

/*
 * One error type for every route handler and server action. A thrown
 * ApiError becomes `{ error: { code, message, field? } }` with its status; a
 * ZodError becomes bad_request naming the first offending field; a database
 * that is down, restarting or too slow (or a request past its deadline)
 * becomes service_unavailable, 503 with Retry-After; anything else is logged
 * server-side (codes and stack) and answered with a bare 500 (no message, no
 * stack, no secret).
 */

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "plan_limit_exceeded"
  | "rate_limited"
  | "internal_error"
  | "service_unavailable";

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  plan_limit_exceeded: 402,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export function apiErrorStatus(code: ApiErrorCode): number {
  return STATUS[code];
}

/** Seconds a caller should wait after a 503: the pools reconnect within this once the database is back. */
export const RETRY_AFTER_SECONDS = 2;

export interface ApiErrorBody {
  /** `details`, when an error carries any, sit next to these (e.g. a refused time's alternatives). */
  error: { code: ApiErrorCode; message: string; field?: string; [detail: string]: unknown };
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
    /** Extra members of the error body, for a caller that can act on them without asking again. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = STATUS[code];
  }
}

export function errorBodyFromZod(error: ZodError): ApiErrorBody {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "Invalid input";
  return { error: { code: "bad_request", message, ...(field ? { field } : {}) } };
}

export interface Failure {
  status: number;
  body: ApiErrorBody;
  headers?: Record<string, string>;
}

/** What any thrown value is answered with; logs the ones that are our fault or the database's. */
export function failureOf(error: unknown, requestId?: string): Failure {
  if (error instanceof ApiError) {
    const body: ApiErrorBody = {
      error: { ...error.details, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
    };
    return { status: error.status, body, ...(error.headers ? { headers: error.headers } : {}) };
  }
  if (error instanceof ZodError) return { status: 400, body: errorBodyFromZod(error) };
  if (error instanceof DeadlineExceededError || isDatabaseUnavailable(error)) {
    logger().warn({ err: error, ...(requestId ? { requestId } : {}) }, "service unavailable");
    return {
      status: 503,
      body: { error: { code: "service_unavailable", message: "The service is briefly unavailable. Please try again in a moment." } },
      headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
    };
  }
  logger().error({ err: error, ...(requestId ? { requestId } : {}) }, "internal error");
  return { status: 500, body: { error: { code: "internal_error", message: "Something went wrong on our side. Please try again." } } };
}

/** Maps any thrown value to the one JSON error response shape. */
export function errorResponse(error: unknown, requestId?: string): NextResponse<ApiErrorBody> {
  const failure = failureOf(error, requestId);
  return NextResponse.json(failure.body, { status: failure.status, ...(failure.headers ? { headers: failure.headers } : {}) });
}
