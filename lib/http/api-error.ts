import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/database-errors";
import { logger } from "@/lib/observability/logger";
import { DeadlineExceededError } from "@/lib/observability/request-scope";
import { ApiError, apiErrorBody, type ApiErrorBody } from "./api-error-codes";

/*
 * One error type for every route handler and server action. A thrown
 * ApiError becomes `{ error: { code, message, field? } }` with its status; a
 * ZodError becomes bad_request naming the first offending field; a database
 * that is down, restarting or too slow (or a request past its deadline)
 * becomes service_unavailable, 503 with Retry-After; anything else is logged
 * server-side (codes and stack) and answered with a bare 500 (no message, no
 * stack, no secret).
 */

export { ApiError, apiErrorStatus, type ApiErrorBody, type ApiErrorCode } from "./api-error-codes";

/** Seconds a caller should wait after a 503: the pools reconnect within this once the database is back. */
export const RETRY_AFTER_SECONDS = 2;

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
    return { status: error.status, body: apiErrorBody(error), ...(error.headers ? { headers: error.headers } : {}) };
  }
  if (error instanceof ZodError) return { status: 400, body: errorBodyFromZod(error) };
  // A tenant frozen longer than a request waits (lib/cells: a move) is, to the caller, a brief outage.
  const moving = (error as { code?: unknown } | null)?.code === "tenant_moving";
  if (error instanceof DeadlineExceededError || isDatabaseUnavailable(error) || moving) {
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
