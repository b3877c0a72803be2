import "server-only";
import { tenantDb } from "@/lib/db";
import { ApiError, readJsonBody } from "@/lib/http";
import type { ChannelContext } from "./channel-gate";
import type { WidgetInput } from "./widget-gate";
import { chatUpdatesRequestSchema, type ChatUpdatesResponse } from "./web-chat-contract";

/*
 * POST /api/v1/chat/updates, behind withChannel("web") with its own rate
 * budget: the team's replies on a web conversation, for the widget to show.
 * The widget key names the tenant and the conversation id (random, held only
 * by the visitor's page) names the conversation; only `reply` steps of the
 * team are returned, never the console's own notes.
 */

const BATCH = 50;

export async function handleWebChatUpdates(ctx: ChannelContext<"web", WidgetInput>): Promise<Response> {
  const body = chatUpdatesRequestSchema.parse(await readJsonBody(ctx.request));
  const after = body.after ? new Date(body.after) : new Date(0);
  const conversation = await tenantDb().conversation.findFirst({
    where: { id: body.conversationId.toLowerCase(), channel: "web" },
    select: {
      takenOverAt: true,
      messages: {
        where: { role: "staff", createdAt: { gt: after }, metadata: { path: ["step"], equals: "reply" } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: BATCH,
        select: { id: true, content: true, metadata: true, createdAt: true },
      },
    },
  });
  if (!conversation) throw new ApiError("not_found", "No conversation with this id for this widget key.", "conversationId");
  const payload: ChatUpdatesResponse = {
    heldByTeam: conversation.takenOverAt !== null,
    messages: conversation.messages.map((m) => ({
      id: m.id,
      author: authorOf(m.metadata),
      text: m.content,
      // UTC with milliseconds: it is the next request's exact cursor.
      at: m.createdAt.toISOString(),
    })),
  };
  return Response.json(payload, { headers: { "cache-control": "no-store" } });
}

function authorOf(metadata: unknown): string {
  const name = (metadata as { authorName?: unknown } | null)?.authorName;
  return typeof name === "string" && name.trim() ? name.trim() : "—";
}
