import "server-only";
import { fillMessage, type UiLocale } from "@/lib/i18n";
import { supportMessages } from "@/lib/i18n/support-messages";

/*
 * Support mode's entries in a tenant's Activity (lib/platform/support): when
 * Frontdesk support started viewing and why, when it stopped, and the
 * owner's "allow support to make changes" turned on or off.
 */
export function supportModeSentence(action: string, metadata: Record<string, unknown>, locale: UiLocale): string | null {
  const t = supportMessages[locale];
  switch (action) {
    case "support.started":
      return fillMessage(t.activityStarted, { reason: typeof metadata.reason === "string" && metadata.reason ? metadata.reason : "?" });
    case "support.ended":
      return t.activityEnded;
    case "support.writes_allowed":
      return t.activityWritesAllowed;
    case "support.writes_refused":
      return t.activityWritesRefused;
    default:
      return null;
  }
}
