/*
 * WhatsApp lets a business send free text only within 24 hours of the
 * client's last message ("customer service window"); outside it only
 * pre-approved templates may be sent, which a staff reply is not.
 */

export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export type WhatsAppWindow =
  | { open: true; closesAt: Date }
  | { open: false; reason: "no_inbound_message" }
  | { open: false; reason: "window_closed"; closedAt: Date };

export function whatsAppWindow(lastInboundAt: Date | null, now: Date): WhatsAppWindow {
  if (!lastInboundAt) return { open: false, reason: "no_inbound_message" };
  const closesAt = new Date(lastInboundAt.getTime() + WHATSAPP_WINDOW_MS);
  return now.getTime() < closesAt.getTime() ? { open: true, closesAt } : { open: false, reason: "window_closed", closedAt: closesAt };
}
