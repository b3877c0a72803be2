import { z } from "zod";

/*
 * The owner export's API contract (GET/POST /api/settings/data-export), shared
 * by the route handlers, the Settings section and the tests that parse real
 * responses. A leaf: no server code.
 */

export const DATA_EXPORT_STATUSES = ["queued", "running", "ready", "failed", "expired"] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

/** At most this many requests per tenant in any 24 hours, failed ones included (each is a full read of the business). */
export const DATA_EXPORTS_PER_DAY = 3;
/** The archive file's extension: gzipped JSON lines (lib/tenant-data/archive-format.ts). */
export const DATA_EXPORT_EXTENSION = "jsonl.gz";

export const dataExportSchema = z.object({
  id: z.string().uuid(),
  status: z.enum(DATA_EXPORT_STATUSES),
  createdAt: z.string().datetime(),
  finishedAt: z.string().datetime().nullable(),
  /** When the download link and the file stop working. */
  expiresAt: z.string().datetime().nullable(),
  /** Ready: the file's size; failed: the size that was over the cap, when that was the reason. */
  sizeBytes: z.number().int().nullable(),
  /** Rows per table in the archive. */
  tableCounts: z.record(z.string(), z.number().int()).nullable(),
  /** Failed only: a sentence, never a stack or a secret. */
  error: z.string().nullable(),
  /** True when the member asking is the one who asked for this export (only they can download it). */
  mine: z.boolean(),
  /** Ready, unexpired, and the asker's own: the signed link, valid until expiresAt. */
  downloadUrl: z.string().nullable(),
});
export type DataExportView = z.infer<typeof dataExportSchema>;

export const dataExportListSchema = z.object({ exports: z.array(dataExportSchema) });
export type DataExportList = z.infer<typeof dataExportListSchema>;

/** 202: the export queued now, or the one already queued or running (`created: false`). */
export const dataExportRequestedSchema = z.object({ export: dataExportSchema, created: z.boolean() });

export const downloadQuerySchema = z.object({ token: z.string().min(1, "token: missing").max(1000, "token: too long") });
