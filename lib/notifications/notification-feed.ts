import "server-only";
import { z } from "zod";
import type { TenantUserContext } from "@/lib/auth/with-tenant-user";
import type { NotificationKind } from "@/lib/db/generated/client";

/*
 * A member's bell: their own in-console notifications in the current
 * workspace. Rows are per member and per tenant (RLS, composite keys), so the
 * same person in two workspaces reads two separate feeds.
 */

export const NOTIFICATION_KINDS = ["handoff", "booking", "move", "cancellation"] as const satisfies readonly NotificationKind[];
const FEED_SIZE = 30;

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  channel: "voice" | "whatsapp" | "web" | null;
  service: string | null;
  startsAt: string | null;
  conversationId: string | null;
  createdAt: string;
  read: boolean;
}

export interface NotificationFeed {
  unread: number;
  items: NotificationItem[];
}

const payloadSchema = z.looseObject({
  channel: z.enum(["voice", "whatsapp", "web"]).nullish(),
  service: z.string().nullish(),
  startsAt: z.string().nullish(),
});

export const markReadSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ ids: z.array(z.uuid({ message: "ids: notification ids" })).min(1, "ids: at least one").max(100, "ids: at most 100") }),
]);

export async function notificationFeed(ctx: TenantUserContext): Promise<NotificationFeed> {
  const mine = { userId: ctx.user.userId, inConsole: true };
  const [unread, rows] = await Promise.all([
    ctx.db.notification.count({ where: { ...mine, readAt: null } }),
    ctx.db.notification.findMany({
      where: mine,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: FEED_SIZE,
      select: { id: true, kind: true, payload: true, conversationId: true, createdAt: true, readAt: true },
    }),
  ]);
  return {
    unread,
    items: rows.map((n) => {
      const p = payloadSchema.safeParse(n.payload);
      return {
        id: n.id,
        kind: n.kind,
        channel: p.success ? (p.data.channel ?? null) : null,
        service: p.success ? (p.data.service ?? null) : null,
        startsAt: p.success ? (p.data.startsAt ?? null) : null,
        conversationId: n.conversationId,
        createdAt: n.createdAt.toISOString(),
        read: n.readAt !== null,
      };
    }),
  };
}

/** Marks the member's own notifications read; another member's or tenant's ids match nothing. */
export async function markNotificationsRead(ctx: TenantUserContext, raw: unknown): Promise<{ updated: number }> {
  const input = markReadSchema.parse(raw);
  const { count } = await ctx.db.notification.updateMany({
    where: { userId: ctx.user.userId, readAt: null, ...("ids" in input ? { id: { in: input.ids } } : {}) },
    data: { readAt: new Date() },
  });
  return { updated: count };
}
