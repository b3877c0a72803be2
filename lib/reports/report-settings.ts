import { z } from "zod";

/*
 * The daily report's settings, per tenant, in tenant.settings.reports: the
 * local hour it is produced at and who receives it (empty: the owner). A
 * leaf module (zod only), shared by the job, the settings route and the page.
 */

export const DEFAULT_REPORT_HOUR = 19;
export const MAX_REPORT_RECIPIENTS = 10;

export const reportSettingsSchema = z.strictObject({
  hour: z.number().int("hour must be a whole hour").min(0, "hour must be between 0 and 23").max(23, "hour must be between 0 and 23"),
  recipients: z
    .array(z.string().trim().toLowerCase().pipe(z.email("Each recipient must be an email address").max(254)))
    .max(MAX_REPORT_RECIPIENTS, `At most ${MAX_REPORT_RECIPIENTS} recipients`)
    .transform((list) => [...new Set(list)]),
});

export type ReportSettings = z.output<typeof reportSettingsSchema>;

const stored = z.object({
  hour: reportSettingsSchema.shape.hour.catch(DEFAULT_REPORT_HOUR).default(DEFAULT_REPORT_HOUR),
  recipients: z.array(z.string()).catch([]).default([]),
});

/** The reports part of tenant.settings; anything missing or invalid reads as 19:00, the owner. */
export function reportSettingsOf(settings: unknown): ReportSettings {
  const part = settings && typeof settings === "object" ? (settings as Record<string, unknown>).reports : undefined;
  const parsed = stored.parse(part && typeof part === "object" ? part : {});
  return { hour: parsed.hour, recipients: parsed.recipients.filter((r) => z.email().safeParse(r).success) };
}
