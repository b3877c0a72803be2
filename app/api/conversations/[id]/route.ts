import { NextResponse } from "next/server";
import { withTenantUser } from "@/lib/auth";
import { loadConversation } from "@/lib/conversations";
import { ApiError } from "@/lib/http";

/** A conversation's transcript and the agent's actions; another tenant's id is a 404 like an unknown one. */
export const GET = withTenantUser<{ id: string }>({ action: "conversations.view" }, async (_request, ctx, route) => {
  const conversation = await loadConversation(ctx.db, (await route.params).id);
  if (!conversation) throw new ApiError("not_found", "This conversation does not exist.");
  return NextResponse.json(conversation);
});
