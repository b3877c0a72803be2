import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth";
import { conversationFiltersSchema, listConversations } from "@/lib/conversations";

/** `GET ?channel=&status=&cursor=`: one page of conversations, newest first. */
export const GET = withTenantUser({ action: "conversations.view" }, async (request, ctx) => {
  const filters = conversationFiltersSchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listConversations(ctx.db, filters));
});
