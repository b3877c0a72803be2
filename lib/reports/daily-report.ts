import "server-only";
import { transmitQueuedEmail, type QueuedEmail } from "@/lib/auth/outgoing-email";
import { ownerAddresses } from "@/lib/billing/notices";
import { dbDateFromLocalDate, localDateFromDbDate, type LocalDate } from "@/lib/booking/local-time";
import { publicUrl } from "@/lib/channels/public-url";
import { tenantDb } from "@/lib/db";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { rootDomain } from "@/lib/tenancy/tenant-host";
import { computeReportFigures } from "./report-figures";
import { renderReport } from "./report-render";
import { reportDatesDue } from "./report-schedule";
import { reportSettingsOf } from "./report-settings";

/*
 * Produces the current tenant's due daily reports (call inside runAsTenant).
 * The report row and its outbox emails are written in one transaction whose
 * INSERT … ON CONFLICT (tenant_id, local_date) DO NOTHING decides: a second
 * run, or a second worker at the same moment (it waits on the unique index,
 * then inserts nothing), writes no report and no email. SMTP goes after the
 * commit, so a failed send never brings back a report already claimed.
 */

const CLAIM_SQL = `INSERT INTO daily_reports (tenant_id, local_date, locale, timezone, figures, subject, text_body, html_body, recipients, created_at)
  VALUES ($1, $2::date, $3, $4, $5::jsonb, $6, $7, $8, $9::text[], $10)
  ON CONFLICT (tenant_id, local_date) DO NOTHING RETURNING id`;
const OUTBOX_SQL = `INSERT INTO email_outbox (tenant_id, to_address, subject, text_body, kind, created_at)
  SELECT $1, unnest($2::text[]), $3, $4, 'report', $5 RETURNING id, to_address AS "to"`;

export interface ProducedReport {
  localDate: LocalDate;
  recipients: string[];
}

export async function produceDueReports(now: Date): Promise<ProducedReport[]> {
  const db = tenantDb();
  const tenant = await db.tenant.findFirst({
    select: {
      id: true,
      slug: true,
      name: true,
      timezone: true,
      locale: true,
      status: true,
      settings: true,
      adminEmail: true,
      createdAt: true,
      plan: true,
      planRef: { select: { name: true, limits: true } },
      businessProfile: { select: { businessName: true } },
    },
  });
  if (!tenant || tenant.status === "cancelled") return [];
  const settings = reportSettingsOf(tenant.settings);
  const due = reportDatesDue({ now, timeZone: tenant.timezone, hour: settings.hour, since: tenant.createdAt });
  if (!due.length) return [];
  const done = await db.dailyReport.findMany({ where: { localDate: { in: due.map(dbDateFromLocalDate) } }, select: { localDate: true } });
  const pending = due.filter((d) => !done.some((r) => localDateFromDbDate(r.localDate) === d));
  if (!pending.length) return [];

  const locale: UiLocale = tenant.locale.startsWith("en") ? "en" : "fr";
  const recipients = settings.recipients.length ? settings.recipients : await ownerAddresses(db, tenant.adminEmail);
  const protocol = new URL(publicUrl()).protocol;
  const facts = {
    business: tenant.businessProfile?.businessName || tenant.name,
    hour: settings.hour,
    settingsUrl: `${protocol}//${tenant.slug}.${rootDomain()}/settings`,
  };
  const produced: ProducedReport[] = [];
  for (const date of pending) {
    const figures = await computeReportFigures(
      { id: tenant.id, timezone: tenant.timezone, status: tenant.status, planName: tenant.planRef?.name ?? tenant.plan, limits: tenant.planRef?.limits },
      date,
    );
    const report = renderReport(figures, locale, facts);
    const queued = await inTenantTransaction(tenantDb().pool, [], async (tx) => {
      const claimed = await tx.query(CLAIM_SQL, [
        tenant.id, date, locale, tenant.timezone, JSON.stringify(figures), report.subject, report.text, report.html, recipients, now,
      ]);
      if (!claimed.length) return { closing: [], value: [] as QueuedEmail[] };
      const rows = await tx.query<{ id: string; to: string }>(OUTBOX_SQL, [tenant.id, recipients, report.subject, report.text, now]);
      return { closing: [], value: rows.map((r) => ({ id: r.id, to: r.to, subject: report.subject, text: report.text, html: report.html })) };
    });
    if (!queued.length) continue;
    for (const email of queued) await transmitQueuedEmail(db, email);
    produced.push({ localDate: date, recipients });
  }
  return produced;
}
