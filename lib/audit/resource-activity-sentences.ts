import "server-only";
import { fillMessage, type Messages } from "@/lib/i18n";
import type { activitySentenceMessages } from "@/lib/i18n/activity-messages";

type S = Messages<keyof (typeof activitySentenceMessages)["en"]>;
const PARTS = ["name", "kind", "member", "active", "services", "hours", "closures"] as const;

/* Staff & rooms changes (lib/resources) as Activity sentences; null for any other action. */
export function resourceSentence(action: string, metadata: Record<string, unknown>, s: S): string | null {
  switch (action) {
    case "resource.created":
      return metadata.kind === "room" ? s.resource_created_room : s.resource_created_staff;
    case "resource.updated": {
      const listed = Array.isArray(metadata.parts) ? metadata.parts : [];
      const parts = PARTS.filter((p) => listed.includes(p)).map((p) => s[`resourcePart_${p}`]).join(", ");
      if (metadata.active === false && listed.includes("active")) return fillMessage(s.resource_updated_inactive, { parts });
      return parts ? fillMessage(s.resource_updated, { parts }) : s.resource_updated_bare;
    }
    case "resource.deleted":
      return s.resource_deleted;
    case "resource.reordered":
      return s.resource_reordered;
    default:
      return null;
  }
}
