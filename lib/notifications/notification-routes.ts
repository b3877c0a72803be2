import "server-only";
import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth/with-tenant-user";
import { readJsonBody } from "@/lib/http";
import { markNotificationsRead, notificationFeed } from "./notification-feed";
import { notificationChoices, saveNotificationChoices } from "./notification-preferences";

/* Every member has a bell and chooses their own notifications: the action every role holds. */
const ANY_MEMBER = { action: "dashboard.view" } as const;

export const notificationRoutes = {
  feed: withTenantUser(ANY_MEMBER, async (_request, ctx) =>
    NextResponse.json(await notificationFeed(ctx), { headers: { "cache-control": "no-store" } }),
  ),
  markRead: withTenantUser(ANY_MEMBER, async (request, ctx) => NextResponse.json(await markNotificationsRead(ctx, await readJsonBody(request)))),
  choices: withTenantUser(ANY_MEMBER, async (_request, ctx) => NextResponse.json(await notificationChoices(ctx))),
  saveChoices: withTenantUser(ANY_MEMBER, async (request, ctx) => NextResponse.json(await saveNotificationChoices(ctx, await readJsonBody(request)))),
};
