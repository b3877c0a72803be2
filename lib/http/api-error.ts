import { NextResponse } from "next/server";
import { ZodError } from "zod";

/*
 * One error type for every route handler and server action. A thrown
 * ApiError becomes `{ error: { code, message, field? } }` with its status; a
 * ZodError becomes bad_request naming the first offending field; anything
 * else is logged server-side and answered with a bare 500 (no message, no
 * stack, no secret).
 */

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "plan_limit_exceeded"
  | "rate_limited"
  | "bad_gateway"
  | "internal_error";

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  plan_limit_exceeded: 402,
  rate_limited: 429,
  internal_error: 500,
  bad_gateway: 502,
};

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

/** Maps any thrown value to the one JSON error response shape. */
export function errorResponse(error: unknown, requestId?: string): NextResponse<ApiErrorBody> {
  if (error instanceof ApiError) {
    const body: ApiErrorBody = {
      error: { ...error.details, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
    };
    return NextResponse.json(body, { status: error.status, headers: error.headers });
  }
  if (error instanceof ZodError) {
    return NextResponse.json(errorBodyFromZod(error), { status: 400 });
  }
  // Only the class and the request id are logged: messages of driver errors
  // can quote query parameters, which may be personal data or secrets.
  console.error(`[api] internal error${requestId ? ` (request ${requestId})` : ""}:`, (error as Error)?.name ?? typeof error);
  return NextResponse.json(
    { error: { code: "internal_error" as const, message: "Something went wrong on our side. Please try again." } },
    { status: 500 },
  );
}
