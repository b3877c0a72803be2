import "server-only";
import { fillMessage as fill, type Messages } from "@/lib/i18n";
import type { activitySentenceMessages } from "@/lib/i18n/activity-messages";

type S = Messages<keyof (typeof activitySentenceMessages)["en"]>;

const text = (value: unknown): string => (typeof value === "number" ? String(value) : typeof value === "string" && value ? value : "?");

/** Activity sentences of the daily report, data retention, call recording and its retention; null for any other action. */
export function reportingSentence(action: string, m: Record<string, unknown>, s: S): string | null {
  switch (action) {
    case "data.retention_applied":
      return fill(s.data_retention_applied, { conversations: text(m.conversations), messages: text(m.messages), days: text(m.retentionDays) });
    case "data.recordings_expired":
      return fill(s.data_recordings_expired, { count: text(m.recordings), days: text(m.retentionDays) });
    case "settings.reports.updated":
      return fill(s.settings_reports_updated, { hour: text(m.toHour) });
    case "settings.recording.updated": {
      const to = (m.to ?? {}) as { enabled?: unknown; retentionDays?: unknown };
      return to.enabled === true ? fill(s.settings_recording_on, { days: text(to.retentionDays) }) : s.settings_recording_off;
    }
    default:
      return null;
  }
}
