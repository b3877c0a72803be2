import { formatDateTime } from "@/lib/agent/formatting";
import { fillMessage } from "@/lib/i18n";
import { messagingMessages } from "@/lib/i18n/messaging-messages";
import type { OutboundKind } from "@/lib/db/generated/client";

/*
 * The words of a client message, in the tenant's language. A cancellation
 * offers nothing to change; every message says how to stop them: STOP on
 * WhatsApp, the link's page by email (a reply to an email reaches nobody).
 */

export type MessageLocale = "fr" | "en";

export interface MessageFacts {
  kind: OutboundKind;
  business: string;
  service: string;
  startsAt: Date;
  timeZone: string;
  locale: MessageLocale;
  linkUrl: string;
  via: "whatsapp" | "email";
}

export function messageText(f: MessageFacts): { subject: string; body: string } {
  const m = messagingMessages[f.locale];
  const when = formatDateTime(f.startsAt, f.timeZone, f.locale);
  const values = { business: f.business, service: f.service, when };
  const lines = [fillMessage(m[f.kind], values)];
  if (f.kind !== "cancelled") lines.push(fillMessage(m.linkLine, { url: f.linkUrl }));
  lines.push(f.via === "whatsapp" ? m.stopLine : fillMessage(m.stopLineEmail, { url: f.linkUrl }));
  return { subject: fillMessage(m.emailSubject, values), body: lines.join("\n") };
}

export const localeOf = (locale: string): MessageLocale => (locale === "en" ? "en" : "fr");
