import "server-only";
import { z } from "zod";
import type { TenantUserContext } from "@/lib/auth/with-tenant-user";
import type { NotificationKind } from "@/lib/db/generated/client";
import { NOTIFICATION_KINDS } from "./notification-feed";

/* What a member wants told, per kind, in this workspace; no row means in the console, no email. */

export type NotificationChoices = Record<NotificationKind, { inConsole: boolean; email: boolean }>;

const choice = z.object({ inConsole: z.boolean(), email: z.boolean() });
export const notificationChoicesSchema = z.object({
  handoff: choice,
  booking: choice,
  move: choice,
  cancellation: choice,
}) satisfies z.ZodType<NotificationChoices>;

const DEFAULT_CHOICE = { inConsole: true, email: false };

export async function notificationChoices(ctx: Pick<TenantUserContext, "user" | "db">): Promise<NotificationChoices> {
  const rows = await ctx.db.notificationPreference.findMany({
    where: { userId: ctx.user.userId },
    select: { kind: true, inConsole: true, email: true },
  });
  const byKind = new Map(rows.map((r) => [r.kind, { inConsole: r.inConsole, email: r.email }]));
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, byKind.get(k) ?? DEFAULT_CHOICE])) as NotificationChoices;
}

export async function saveNotificationChoices(ctx: TenantUserContext, raw: unknown): Promise<NotificationChoices> {
  const input = notificationChoicesSchema.parse(raw);
  await ctx.db.$transaction(
    NOTIFICATION_KINDS.map((kind) =>
      ctx.db.notificationPreference.upsert({
        where: { tenantId_userId_kind: { tenantId: ctx.user.tenantId, userId: ctx.user.userId, kind } },
        create: { userId: ctx.user.userId, kind, ...input[kind] },
        update: input[kind],
      }),
    ),
  );
  return input;
}
