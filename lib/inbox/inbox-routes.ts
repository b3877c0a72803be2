import "server-only";
import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth/with-tenant-user";
import { readJsonBody } from "@/lib/http";
import { idParam } from "@/lib/console/route-params";
import { deliverStaffReply, recordCallBack, resolveConversation, takeOver } from "./inbox-actions";
import { inboxCount, listInbox, loadInboxConversation } from "./inbox-list";
import type { SendWhatsApp } from "./whatsapp-seam";
import { twilioWhatsAppSender } from "./whatsapp-sender";

/*
 * The inbox's route handlers, built around the WhatsApp sender they deliver
 * staff replies with: app/api/inbox uses the process's sender, tests build
 * them with a fake. Staff and above (conversations.manage) act on the inbox.
 */

/** The sender staff replies on WhatsApp go through (the shared Twilio Messages sender). */
export const whatsAppSenderForStaffReplies: SendWhatsApp = twilioWhatsAppSender;

type IdRoute = { params: Promise<{ id: string }> };

export function inboxRoutes(sendWhatsApp: SendWhatsApp, now: () => Date = () => new Date()) {
  const manage = { action: "conversations.manage" } as const;
  const id = (route: IdRoute) => idParam(route.params, "conversation");
  return {
    list: withTenantUser(manage, async (_request, ctx) =>
      NextResponse.json({ conversations: await listInbox(ctx.db), count: await inboxCount(ctx.db) }),
    ),
    detail: withTenantUser<{ id: string }>(manage, async (_request, ctx, route) =>
      NextResponse.json(await loadInboxConversation(ctx.db, await id(route), now())),
    ),
    takeOver: withTenantUser<{ id: string }>(manage, async (_request, ctx, route) => NextResponse.json(await takeOver(ctx, await id(route)))),
    resolve: withTenantUser<{ id: string }>(manage, async (_request, ctx, route) =>
      NextResponse.json(await resolveConversation(ctx, await id(route))),
    ),
    reply: withTenantUser<{ id: string }>(manage, async (request, ctx, route) =>
      NextResponse.json(await deliverStaffReply(ctx, await id(route), await readJsonBody(request), { sendWhatsApp, now }), { status: 201 }),
    ),
    calledBack: withTenantUser<{ id: string }>(manage, async (request, ctx, route) =>
      NextResponse.json(await recordCallBack(ctx, await id(route), await readJsonBody(request))),
    ),
  };
}
