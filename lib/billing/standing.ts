import type { TenantStatus } from "@/lib/db/generated/client";

/*
 * What the billing lifecycle allows right now, from the tenant row alone (the
 * channel directory caches it, the console guard reads it): no query here, so
 * every request can afford to ask.
 *   trial ──checkout──▶ active ──invoice failed──▶ past_due ──day 14──▶ suspended
 *     │ ends unpaid: as suspended      day 7: configuration locked      cancelled: 30 days, then deleted
 */

export interface BillingRow {
  status: TenantStatus;
  trialEndsAt: Date | null;
  configLockedAt: Date | null;
}

export type NotServingReason = "suspended" | "cancelled" | "trial_ended";

export interface Standing {
  /** Callers reach the receptionist; otherwise they get the polite reply. */
  serving: boolean;
  reason: NotServingReason | null;
  /** Configuration changes refused (day 7 of dunning, or not serving). */
  configLocked: boolean;
}

export function standingOf(row: BillingRow, now: number): Standing {
  const reason: NotServingReason | null =
    row.status === "suspended"
      ? "suspended"
      : row.status === "cancelled"
        ? "cancelled"
        : row.status === "trial" && row.trialEndsAt !== null && row.trialEndsAt.getTime() <= now
          ? "trial_ended"
          : null;
  return { serving: reason === null, reason, configLocked: reason !== null || row.configLockedAt !== null };
}
