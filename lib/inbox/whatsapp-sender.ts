import "server-only";
import { tenantDb } from "@/lib/db";
import { sendWhatsApp, whatsAppCredentials } from "@/lib/messaging/message-delivery";
import { requireTenantId } from "@/lib/tenancy";
import { WhatsAppSendError, type SendWhatsApp } from "./whatsapp-seam";

/*
 * The seam's production side: the shared Twilio Messages sender of client
 * messages (lib/messaging), from the tenant's own WhatsApp number with its
 * stored credentials. Runs in the tenant's context, which must be the one named.
 */
export const twilioWhatsAppSender: SendWhatsApp = async ({ tenantId, to, body }) => {
  if (tenantId !== requireTenantId("twilioWhatsAppSender")) throw new Error("A staff reply must be sent in its own tenant's context");
  const [credentials, sender] = await Promise.all([
    whatsAppCredentials(),
    tenantDb().channelRoute.findFirst({ where: { channel: "whatsapp", active: true, revokedAt: null }, select: { key: true }, orderBy: { createdAt: "asc" } }),
  ]);
  if (!credentials || !sender) {
    throw new WhatsAppSendError("not_configured", "WhatsApp sending needs this workspace's Twilio account SID and auth token (Provider keys) and a WhatsApp number.");
  }
  const result = await sendWhatsApp(credentials, sender.key, to, body);
  if (!result.ok) throw new WhatsAppSendError(result.retry ? "unreachable" : "refused", result.reason);
  return { providerMessageId: result.providerId };
};
