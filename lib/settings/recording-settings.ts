import { z } from "zod";

/*
 * Call recording, per tenant, in tenant.settings.recording. Off unless the
 * owner turns it on; recordings are forgotten after `retentionDays`, at most
 * 183 (the CNIL's 6 months), independently of the plan's data retention. A
 * leaf module (zod only): the receptionist's facts and the purge read it.
 */

export const RECORDING_MAX_RETENTION_DAYS = 183;
export const RECORDING_DEFAULT_RETENTION_DAYS = 30;

export const recordingSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  retentionDays: z
    .number()
    .int("retentionDays must be a whole number of days")
    .min(1, "retentionDays must be at least 1")
    .max(RECORDING_MAX_RETENTION_DAYS, `retentionDays must be at most ${RECORDING_MAX_RETENTION_DAYS} (6 months)`),
});

export type RecordingSettings = z.output<typeof recordingSettingsSchema>;

const stored = z.object({
  enabled: z.boolean().catch(false).default(false),
  retentionDays: recordingSettingsSchema.shape.retentionDays.catch(RECORDING_DEFAULT_RETENTION_DAYS).default(RECORDING_DEFAULT_RETENTION_DAYS),
});

/** The recording part of tenant.settings; anything missing or invalid reads as off, 30 days. */
export function recordingSettingsOf(settings: unknown): RecordingSettings {
  const part = settings && typeof settings === "object" ? (settings as Record<string, unknown>).recording : undefined;
  return stored.parse(part && typeof part === "object" ? part : {});
}
