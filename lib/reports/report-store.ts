import "server-only";
import { dbDateFromLocalDate, localDateFromDbDate, type LocalDate } from "@/lib/booking/local-time";
import type { TenantDb } from "@/lib/db";
import type { ReportFigures } from "./report-figures";

/*
 * Past reports as the Reports page reads them, under the reader's tenant
 * (the client extension and row-level security). The figures are rendered
 * again in the reader's language; the stored email text stays as sent.
 */

export interface ReportListItem {
  localDate: LocalDate;
  recipients: string[];
  createdAt: Date;
}

export async function listReports(db: TenantDb, limit = 90): Promise<ReportListItem[]> {
  const rows = await db.dailyReport.findMany({
    orderBy: { localDate: "desc" },
    take: limit,
    select: { localDate: true, recipients: true, createdAt: true },
  });
  return rows.map((r) => ({ localDate: localDateFromDbDate(r.localDate), recipients: r.recipients, createdAt: r.createdAt }));
}

export interface StoredReport extends ReportListItem {
  locale: string;
  figures: ReportFigures;
  subject: string;
}

export async function readReport(db: TenantDb, date: LocalDate): Promise<StoredReport | null> {
  const row = await db.dailyReport.findFirst({ where: { localDate: dbDateFromLocalDate(date) } });
  if (!row) return null;
  return {
    localDate: localDateFromDbDate(row.localDate),
    recipients: row.recipients,
    createdAt: row.createdAt,
    locale: row.locale,
    figures: row.figures as unknown as ReportFigures,
    subject: row.subject,
  };
}
