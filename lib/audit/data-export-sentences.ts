import "server-only";
import { fillMessage as fill, type Messages, type UiLocale } from "@/lib/i18n";
import type { activitySentenceMessages } from "@/lib/i18n/activity-messages";
import { formatBytes } from "@/lib/i18n/byte-format";

type S = Messages<keyof (typeof activitySentenceMessages)["en"]>;

const CSV_KINDS = ["clients", "appointments", "conversations"] as const;

/** The owner's data export and the CSV exports as Activity sentences; null for any other action. */
export function exportSentence(action: string, m: Record<string, unknown>, s: S, locale: UiLocale): string | null {
  switch (action) {
    case "export.data.requested":
      return s.export_data_requested;
    case "export.data.ready":
      return typeof m.sizeBytes === "number" ? fill(s.export_data_ready, { size: formatBytes(m.sizeBytes, locale) }) : s.export_data_ready_bare;
    case "export.data.failed":
      return s.export_data_failed;
    case "export.data.downloaded":
      return s.export_data_downloaded;
    default: {
      const kind = CSV_KINDS.find((k) => action === `export.${k}`);
      return kind ? fill(s.export_csv, { what: s[`export_csv_${kind}`] }) : null;
    }
  }
}
