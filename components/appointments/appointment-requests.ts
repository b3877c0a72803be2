import { ApiRequestError, type FormFailure } from "@/components/forms/api-request";
import type { SlotOffer } from "@/lib/booking/appointment-calendar";
import type { UnavailableReason } from "@/lib/booking/booking-errors";

/*
 * A refused time keeps the reason and the nearest free times the server sent
 * with it, so the form can offer them.
 */

export interface RequestFailure extends FormFailure {
  reason?: UnavailableReason;
  alternatives?: SlotOffer[];
}

/** An empty message means the server was not reached: the form shows its own translated text. */
export function failureOf(error: unknown): RequestFailure {
  if (!(error instanceof ApiRequestError)) return { message: "" };
  const { reason, alternatives } = error.details as Pick<RequestFailure, "reason" | "alternatives">;
  return { ...error.failure, reason, alternatives };
}
