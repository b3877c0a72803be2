import "server-only";
import { randomUUID } from "node:crypto";
import { runAgentTurn } from "@/lib/agent";
import { tenantDb } from "@/lib/db";
import { ApiError, readJsonBody } from "@/lib/http";
import { isTenantId } from "@/lib/tenancy";
import { toE164 } from "./phone-number";
import { isoWithOffset } from "@/lib/booking";
import type { ChannelContext } from "./channel-gate";
import type { WidgetInput } from "./widget-gate";
import { chatEventStream } from "./chat-event-stream";
import { chatRequestSchema, type ChatResponse } from "./web-chat-contract";

/* POST /api/v1/chat, behind withChannel("web"); the contract is in web-chat-contract.ts. */

const unknownConversation = () =>
  new ApiError("not_found", "No conversation with this id for this widget key.", "conversationId");

/** The web conversation's external id; another tenant's (or an unknown) id is simply not found. */
async function conversationExternalId(conversationId: string | undefined): Promise<string> {
  if (!conversationId) return randomUUID();
  if (!isTenantId(conversationId)) throw unknownConversation();
  const found = await tenantDb().conversation.findFirst({
    where: { id: conversationId.toLowerCase(), channel: "web" },
    select: { externalId: true },
  });
  if (!found) throw unknownConversation();
  return found.externalId;
}

export async function handleWebChat(ctx: ChannelContext<"web", WidgetInput>): Promise<Response> {
  const body = chatRequestSchema.parse(await readJsonBody(ctx.request));
  const { tenant } = ctx;
  if (!tenant.serving) {
    throw new ApiError("forbidden", "This business's online reception is not available at the moment.");
  }

  let client = body.client;
  if (client?.phone) {
    const phone = toE164(client.phone, tenant.region);
    if (!phone) throw new ApiError("bad_request", "client.phone: must be a phone number", "client.phone");
    client = { ...client, phone };
  }

  const externalId = await conversationExternalId(body.conversationId);
  const turn = await runAgentTurn({
    channel: "web",
    externalId,
    message: body.message,
    ...(body.locale ? { locale: body.locale } : {}),
    ...(client ? { client } : {}),
  });

  const payload: ChatResponse = {
    conversationId: turn.conversationId,
    reply: turn.reply,
    handoff: turn.handoff,
    appointment: turn.appointment && {
      id: turn.appointment.id,
      service: turn.appointment.service,
      startsAt: isoWithOffset(turn.appointment.startsAt, tenant.timezone),
      endsAt: isoWithOffset(turn.appointment.endsAt, tenant.timezone),
      status: turn.appointment.status,
    },
  };

  const wantsStream = ctx.request.headers.get("accept")?.includes("text/event-stream") ?? false;
  return wantsStream
    ? new Response(chatEventStream(payload), {
        headers: {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          "x-accel-buffering": "no",
        },
      })
    : Response.json(payload, { headers: { "cache-control": "no-store" } });
}
