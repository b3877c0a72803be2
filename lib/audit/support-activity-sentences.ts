import "server-only";
import { fillMessage, type Messages } from "@/lib/i18n";
import type { activitySentenceMessages } from "@/lib/i18n/activity-messages";

// Support mode's own entries (viewing, the owner's switch) sit with support's other sentences.
export { supportModeSentence } from "./support-mode-sentences";

/*
 * Sentences of the platform console's actions in a tenant's Activity, all
 * "Frontdesk support …" (lib/platform/actions writes them with actor kind
 * platform_admin). Kept apart from activity-sentences.ts, which stays the
 * tenant's own actions.
 */

type S = Messages<keyof (typeof activitySentenceMessages)["en"]>;

export interface SupportSentenceTools {
  s: S;
  when: (value: unknown) => string | null;
  asString: (value: unknown) => string | null;
  /** The member the event targets, by name. */
  member: () => string;
  /** Pending invitations' emails by id, and the event's target (`invitation:<id>`). */
  invitations: Map<string, string>;
  target: string | null;
}

export function supportActionSentence(event: { action: string; metadata: Record<string, unknown> }, { s, when, asString, member, invitations, target }: SupportSentenceTools): string | null {
  const m = event.metadata;
  const text = (value: unknown) => asString(value) ?? "?";
  const channel = (value: unknown) => (value === "voice" || value === "whatsapp" ? s[`support_channel_${value}`] : text(value));
  switch (event.action) {
    case "tenant.support_provisioned":
      return fillMessage(s.support_provisioned, { plan: text(m.plan), days: text(m.trialDays) });
    case "tenant.support_suspended":
      return fillMessage(s.support_suspended, { reason: text(m.reason) });
    case "tenant.support_reactivated":
      return fillMessage(s.support_reactivated, { reason: text(m.reason) });
    case "tenant.plan_overridden":
      return fillMessage(s.support_plan_overridden, { plan: text(m.plan), until: when(m.until) ?? "?" });
    case "tenant.trial_extended":
      return fillMessage(s.support_trial_extended, { to: when(m.to) ?? "?" });
    case "channel.number.support_assigned":
      return fillMessage(s.support_number_assigned, { channel: channel(m.channel), number: text(m.number) });
    case "channel.number.support_released":
      return fillMessage(s.support_number_released, { channel: channel(m.channel), number: text(m.number) });
    case "channel.number.support_moved":
      return fillMessage(s.support_number_moved, { number: text(m.number) });
    case "invitation.support_resent": {
      const email = target?.startsWith("invitation:") ? invitations.get(target.slice("invitation:".length)) : undefined;
      return email ? fillMessage(s.support_invitation_resent, { email }) : s.support_invitation_resent_bare;
    }
    case "member.support_lockout_cleared":
      return fillMessage(s.support_lockout_cleared, { member: member() });
    case "billing.support_portal_link":
      return s.support_portal_link;
    case "tenant.support_deleted":
      return s.support_deleted;
    default:
      return null;
  }
}
