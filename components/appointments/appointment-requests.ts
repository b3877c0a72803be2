import type { SlotOffer } from "@/lib/booking/appointment-calendar";

/*
 * Like components/forms/api-request, but a refused time keeps its reason and
 * the nearest free times the server sent, so the form can offer them.
 */

export interface RequestFailure {
  status: number;
  field?: string;
  message: string;
  reason?: "taken" | "closed" | "past";
  alternatives?: SlotOffer[];
}

export class RequestFailed extends Error {
  constructor(readonly failure: RequestFailure) {
    super(failure.message);
  }
}

export async function sendJson<T>(url: string, method: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new RequestFailed({ status: 0, message: "" });
  }
  if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
  const parsed = (await response.json().catch(() => null)) as { error?: Omit<RequestFailure, "status"> } | null;
  const error = parsed?.error;
  let message = error?.message ?? `Request failed (${response.status}).`;
  if (error?.field && message.startsWith(`${error.field}: `)) message = message.slice(error.field.length + 2);
  throw new RequestFailed({ status: response.status, field: error?.field, message, reason: error?.reason, alternatives: error?.alternatives });
}

export function failureOf(error: unknown): RequestFailure {
  if (error instanceof RequestFailed) return error.failure;
  return { status: 0, message: "" };
}
