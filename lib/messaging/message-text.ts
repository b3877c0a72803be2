import { formatDateTime } from "@/lib/agent/formatting";
import { fillMessage } from "@/lib/i18n";
import { messagingMessages } from "@/lib/i18n/messaging-messages";
import type { OutboundKind } from "@/lib/db/generated/client";

/*
 * The words of a client message, in the tenant's language. A cancellation
 * carries no link (there is nothing left to change); every message says how
 * to stop them.
 */

export type MessageLocale = "fr" | "en";

export interface MessageFacts {
  kind: OutboundKind;
  business: string;
  service: string;
  startsAt: Date;
  timeZone: string;
  locale: MessageLocale;
  linkUrl: string | null;
}

export function messageText(f: MessageFacts): { subject: string; body: string } {
  const m = messagingMessages[f.locale];
  const when = formatDateTime(f.startsAt, f.timeZone, f.locale);
  const values = { business: f.business, service: f.service, when };
  const lines = [fillMessage(m[f.kind], values)];
  if (f.linkUrl && f.kind !== "cancelled") lines.push(fillMessage(m.linkLine, { url: f.linkUrl }));
  lines.push(m.stopLine);
  return { subject: fillMessage(m.emailSubject, values), body: lines.join("\n") };
}

export const localeOf = (locale: string): MessageLocale => (locale === "en" ? "en" : "fr");
