import type { z } from "zod";

/*
 * Client side of the one error shape: `{ error: { code, message, field? } }`.
 * A field error is shown next to its control, without the "field: " prefix
 * the server adds for API callers.
 */

export interface FormFailure {
  field?: string;
  message: string;
}

/** The first issue of a failed client-side parse, shaped like the server's field error. */
export function failureFromIssues(error: z.ZodError): FormFailure {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") || undefined;
  return { field, message: issue?.message ?? "Invalid input" };
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly failure: FormFailure,
    /** Whatever else the error body carried (see ApiError's details), for a form that can act on it. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(failure.message);
  }
}

export async function apiRequest<T = unknown>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  if (response.ok) {
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  const parsed = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; field?: string } } | null;
  const { code: _code, message: sent, field, ...details } = parsed?.error ?? {};
  let message = sent ?? `Request failed (${response.status}).`;
  if (field && message.startsWith(`${field}: `)) message = message.slice(field.length + 2);
  throw new ApiRequestError(response.status, { field, message }, details);
}

export function failureOf(error: unknown, networkFailure = "Could not reach the server. Check your connection and try again."): FormFailure {
  if (error instanceof ApiRequestError) return error.failure;
  return { message: networkFailure };
}
