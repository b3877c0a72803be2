import "server-only";
import { addDays, formatMinutes, wallClockAt, type LocalDate } from "@/lib/booking/local-time";
import { limitsInForce, parsePlanLimits, QUOTA_METRICS, quotaOf, type QuotaMetric } from "@/lib/billing/plan-catalogue";
import type { TenantStatus } from "@/lib/db/generated/client";
import { tenantDb } from "@/lib/db";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import { localDayBounds } from "./report-schedule";

/*
 * The figures of one tenant's local day, read in one round trip under the
 * tenant's row-level security. Bookings are appointments created that day,
 * moves and cancellations happened that day (appointment_events, written by
 * a trigger); no-shows are that day's
 * appointments marked as such; hand-offs are those still open when the report
 * is made; usage is the plan's counters for the report date's month. Stored
 * as JSON with the report, so the page renders it again in either language.
 */

export const CHANNELS = ["voice", "whatsapp", "web"] as const;
export type ReportChannel = (typeof CHANNELS)[number];

export interface AgendaItem {
  /** Local "HH:MM". */
  time: string;
  service: string;
  /** Per-language service names, `service` when a language has none. */
  serviceNames: Partial<Record<"fr" | "en", string>>;
  client: string;
}

export interface ReportFigures {
  localDate: LocalDate;
  timezone: string;
  conversations: Record<ReportChannel, number> & { total: number };
  appointments: { bookings: number; moves: number; cancellations: number; noShows: number };
  openHandoffs: number;
  agenda: { date: LocalDate; items: AgendaItem[] };
  usage: { month: string; plan: string; lines: Array<{ metric: QuotaMetric; used: number; included: number | null }> };
}

export interface FiguresTenant {
  id: string;
  timezone: string;
  status: TenantStatus;
  planName: string;
  limits: unknown;
}

const AGENDA_LIMIT = 200;

const SQL = {
  conversations: `SELECT channel::text AS k, count(*)::int AS n FROM conversations
    WHERE tenant_id = $1 AND started_at >= $2 AND started_at < $3 GROUP BY channel`,
  events: `SELECT kind AS k, count(*)::int AS n FROM appointment_events
    WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY kind
    UNION ALL SELECT 'booked', count(*)::int FROM appointments WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3`,
  noShows: `SELECT count(*)::int AS n FROM appointments
    WHERE tenant_id = $1 AND status = 'no_show' AND starts_at >= $2 AND starts_at < $3`,
  handoffs: `SELECT count(*)::int AS n FROM conversations WHERE tenant_id = $1 AND status = 'handed_off'`,
  agenda: `SELECT a.starts_at AS "startsAt", s.name AS service, s.localized_names AS names, c.name AS client
    FROM appointments a
    JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
    JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id
    WHERE a.tenant_id = $1 AND a.status = 'booked' AND a.starts_at >= $2 AND a.starts_at < $3
    ORDER BY a.starts_at, a.id LIMIT ${AGENDA_LIMIT}`,
  usage: `SELECT metric AS k, used AS n FROM usage_counters WHERE tenant_id = $1 AND period = $2`,
};

type Count = { k?: string; n: number };

function names(json: unknown): AgendaItem["serviceNames"] {
  const out: AgendaItem["serviceNames"] = {};
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const l of ["fr", "en"] as const) {
      const v = (json as Record<string, unknown>)[l];
      if (typeof v === "string" && v.trim()) out[l] = v.trim();
    }
  }
  return out;
}

/** Call inside the tenant's context. */
export async function computeReportFigures(tenant: FiguresTenant, date: LocalDate): Promise<ReportFigures> {
  const tz = tenant.timezone;
  const day = localDayBounds(date, tz);
  const tomorrow = addDays(date, 1);
  const next = localDayBounds(tomorrow, tz);
  const month = date.slice(0, 7);
  const rows = await inTenantTransaction(tenantDb().pool, [], async (tx) => {
    const value = await tx.run(
      { text: SQL.conversations, values: [tenant.id, day.from, day.to] },
      { text: SQL.events, values: [tenant.id, day.from, day.to] },
      { text: SQL.noShows, values: [tenant.id, day.from, day.to] },
      { text: SQL.handoffs, values: [tenant.id] },
      { text: SQL.agenda, values: [tenant.id, next.from, next.to] },
      { text: SQL.usage, values: [tenant.id, month] },
    );
    return { closing: [], value };
  });
  const [conv, events, noShows, handoffs, agenda, usage] = rows as [Count[], Count[], Count[], Count[], Array<Record<string, unknown>>, Count[]];
  const count = (list: Count[], k: string) => list.find((r) => r.k === k)?.n ?? 0;
  const conversations = { voice: count(conv, "voice"), whatsapp: count(conv, "whatsapp"), web: count(conv, "web") };
  const limits = limitsInForce(parsePlanLimits(tenant.limits), tenant.status);
  return {
    localDate: date,
    timezone: tz,
    conversations: { ...conversations, total: conversations.voice + conversations.whatsapp + conversations.web },
    appointments: {
      bookings: count(events, "booked"),
      moves: count(events, "moved"),
      cancellations: count(events, "cancelled"),
      noShows: noShows[0]?.n ?? 0,
    },
    openHandoffs: handoffs[0]?.n ?? 0,
    agenda: {
      date: tomorrow,
      items: agenda.map((a) => ({
        time: formatMinutes(wallClockAt(new Date(a.startsAt as string | Date), tz).minutes),
        service: String(a.service),
        serviceNames: names(a.names),
        client: String(a.client),
      })),
    },
    usage: {
      month,
      plan: tenant.planName,
      lines: QUOTA_METRICS.map((metric) => ({ metric, used: count(usage, metric), included: quotaOf(limits, metric)?.included ?? null })),
    },
  };
}
