import "server-only";
import { fillMessage, type Messages } from "@/lib/i18n";
import type { activitySentenceMessages } from "@/lib/i18n/activity-messages";

type S = Messages<keyof (typeof activitySentenceMessages)["en"]>;

/* The inbox's steps (lib/inbox) as Activity sentences; null for any other action. */
export function conversationSentence(action: string, metadata: Record<string, unknown>, s: S): string | null {
  const c = metadata.channel;
  const channel = c === "web" || c === "whatsapp" || c === "voice" ? s[`conversationChannel_${c}`] : "";
  switch (action) {
    case "conversation.taken_over":
      return fillMessage(s.conversation_taken_over, { channel });
    case "conversation.staff_replied":
      return fillMessage(s.conversation_staff_replied, { channel });
    case "conversation.resolved":
      return fillMessage(s.conversation_resolved, { channel });
    case "conversation.called_back":
      return metadata.outcome === "reached" ? s.conversation_called_back_reached : s.conversation_called_back_no_answer;
    default:
      return null;
  }
}
