import type { ConversationRow } from "@/lib/conversations";
import type { Messages } from "@/lib/i18n";
import type { conversationsMessages } from "@/lib/i18n/conversations-messages";

export function ConversationStatusBadge({
  status,
  t,
}: {
  status: ConversationRow["status"];
  t: Messages<keyof (typeof conversationsMessages)["en"]>;
}) {
  const tone =
    status === "open" ? "bg-brand-50 text-brand-800" : status === "handed_off" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-ink-muted";
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${tone}`}>{t[`status_${status}`]}</span>;
}
