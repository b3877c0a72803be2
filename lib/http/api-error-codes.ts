/*
 * The error type itself, in a leaf module with no imports: proxy.ts and the
 * request guard (which run before anything is logged or measured) throw and
 * read it without loading the logger that api-error.ts answers with.
 */

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  // A thing that existed and is over for good (an expired download link): asking again will not help.
  | "gone"
  | "payload_too_large"
  | "unsupported_media_type"
  | "plan_limit_exceeded"
  | "workspace_suspended"
  | "configuration_locked"
  | "rate_limited"
  | "internal_error"
  | "bad_gateway"
  | "service_unavailable"
  // Billing needs STRIPE_SECRET_KEY; without it the console shows plans only.
  | "billing_not_configured"
  // Support mode (lib/platform/support): a change the owner has not allowed, or one support never makes.
  | "support_read_only"
  | "support_not_allowed";

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  plan_limit_exceeded: 403,
  workspace_suspended: 403,
  configuration_locked: 403,
  rate_limited: 429,
  internal_error: 500,
  bad_gateway: 502,
  service_unavailable: 503,
  billing_not_configured: 503,
  support_read_only: 403,
  support_not_allowed: 403,
};

export function apiErrorStatus(code: ApiErrorCode): number {
  return STATUS[code];
}

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

/** The one error body of an ApiError. */
export function apiErrorBody(error: ApiError): ApiErrorBody {
  return { error: { ...error.details, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
}
