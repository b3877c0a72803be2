import "server-only";
import type { TenantDb } from "@/lib/db/tenant-db";

/*
 * What the Channels page says about each connection: whether it can work
 * (a number needs the key its webhook is checked with: the Twilio auth token
 * for WhatsApp, the Vapi webhook secret for the phone) and when a message
 * last came in on its channel.
 */

export interface ChannelStatus {
  lastMessageAt: Record<"voice" | "whatsapp" | "web", Date | null>;
  /** The webhook can be verified: the provider key it needs is stored. */
  verifiable: Record<"voice" | "whatsapp", boolean>;
}

export async function loadChannelStatus(db: TenantDb): Promise<ChannelStatus> {
  const [last, keys] = await Promise.all([
    db.$queryRaw<Array<{ channel: "voice" | "whatsapp" | "web"; at: Date }>>`
      SELECT c.channel::text AS channel, max(m.created_at) AS at
      FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
      WHERE m.role = 'caller'
      GROUP BY c.channel`,
    db.tenantSecret.findMany({ where: { OR: [{ provider: "twilio", name: "auth_token" }, { provider: "vapi", name: "webhook_secret" }] }, select: { provider: true } }),
  ]);
  const at = (channel: "voice" | "whatsapp" | "web") => last.find((r) => r.channel === channel)?.at ?? null;
  return {
    lastMessageAt: { voice: at("voice"), whatsapp: at("whatsapp"), web: at("web") },
    verifiable: { voice: keys.some((k) => k.provider === "vapi"), whatsapp: keys.some((k) => k.provider === "twilio") },
  };
}
