import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";

/*
 * Channel health: when each routed number and widget key last brought
 * something in. Conversations do not record which route they came through,
 * so the time is per channel (newest call start for voice, newest caller
 * message for WhatsApp and the widget). It is exact for a route that is its
 * channel's only route; otherwise it is labelled as the channel's figure.
 */

export interface ChannelHealthRoute {
  id: string;
  channel: "voice" | "whatsapp" | "web";
  /** E.164 number, or the widget key's visible prefix (the key itself is stored hashed). */
  display: string;
  label: string;
  active: boolean;
  revokedAt: Date | null;
  createdAt: Date;
  lastInboundAt: Date | null;
  /** "route": exact for this route; "channel": the newest on its channel, which has several routes. */
  lastInboundScope: "route" | "channel";
}

export async function channelHealth(db: PlatformDb, tenantId: string): Promise<ChannelHealthRoute[]> {
  const [routes, latest] = await Promise.all([
    db.channelRoute.findMany({
      where: { tenantId },
      orderBy: [{ channel: "asc" }, { createdAt: "asc" }],
      select: { id: true, channel: true, key: true, keyPrefix: true, label: true, active: true, revokedAt: true, createdAt: true },
    }),
    db.$queryRaw<Array<{ channel: string; at: Date | null }>>`
      SELECT 'voice' AS channel, max(c.started_at) AS at FROM conversations c WHERE c.tenant_id = ${tenantId}::uuid AND c.channel = 'voice'
      UNION ALL
      SELECT c.channel::text, max(m.created_at) FROM messages m
        JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
      WHERE m.tenant_id = ${tenantId}::uuid AND m.role = 'caller' AND c.channel IN ('whatsapp', 'web')
      GROUP BY c.channel`,
  ]);
  const perChannel = (channel: string) => routes.filter((r) => r.channel === channel).length;
  return routes.map((r) => ({
    id: r.id,
    channel: r.channel,
    display: r.channel === "web" ? `${r.keyPrefix ?? "key"}…` : r.key,
    label: r.label,
    active: r.active,
    revokedAt: r.revokedAt,
    createdAt: r.createdAt,
    lastInboundAt: latest.find((l) => l.channel === r.channel)?.at ?? null,
    lastInboundScope: perChannel(r.channel) === 1 ? "route" : "channel",
  }));
}
