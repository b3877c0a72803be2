import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";

/*
 * Webhook deliveries answered with an error in the last 24 hours, per
 * provider and outcome, from the durable hourly counts (webhook_failures).
 * Hour buckets: the window starts at the top of the hour 24 hours back, so
 * the figure may include up to one extra hour, never less.
 */

export const WEBHOOK_PROVIDERS = ["stripe", "vapi", "twilio"] as const;

export interface WebhookFailureSummary {
  since: Date;
  byProvider: Array<{ provider: (typeof WEBHOOK_PROVIDERS)[number]; total: number; byOutcome: Record<string, number>; lastAt: Date | null }>;
}

const HOUR = 3_600_000;

export async function loadWebhookFailures(db: PlatformDb, now: Date): Promise<WebhookFailureSummary> {
  const since = new Date(Math.floor((now.getTime() - 24 * HOUR) / HOUR) * HOUR);
  const rows = await db.webhookFailure.groupBy({
    by: ["provider", "outcome"],
    where: { hour: { gte: since, lte: now } },
    _sum: { count: true },
    _max: { lastAt: true },
  });
  return {
    since,
    byProvider: WEBHOOK_PROVIDERS.map((provider) => {
      const mine = rows.filter((r) => r.provider === provider);
      const lastAts = mine.map((r) => r._max.lastAt).filter((d): d is Date => d !== null);
      return {
        provider,
        total: mine.reduce((n, r) => n + (r._sum.count ?? 0), 0),
        byOutcome: Object.fromEntries(mine.map((r) => [r.outcome, r._sum.count ?? 0])),
        lastAt: lastAts.length ? new Date(Math.max(...lastAts.map((d) => d.getTime()))) : null,
      };
    }),
  };
}
