import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth";
import { conversationFiltersSchema, listConversations } from "@/lib/conversations";
import { readQuery } from "@/lib/http";

/** `GET ?channel=&status=&cursor=`: one page of conversations, newest first. */
export const GET = withTenantUser({ action: "conversations.view" }, async (request, ctx) => {
  const filters = readQuery(request.nextUrl.searchParams, conversationFiltersSchema);
  return NextResponse.json(await listConversations(ctx.db, filters));
});
