import "server-only";
import { randomUUID } from "node:crypto";
import { ConversationNotFoundError, NewConversationRefusedError, runAgentTurn } from "@/lib/agent";
import { detectLanguage } from "@/lib/agent/language";
import { politeReply } from "@/lib/billing/polite-reply";
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

export async function handleWebChat(ctx: ChannelContext<"web", WidgetInput>): Promise<Response> {
  // Read once by withChannel through lib/http's reader (a re-admitted request shares that read).
  const body = chatRequestSchema.parse(await readJsonBody(ctx.request));
  const { tenant } = ctx;
  // Never drop a caller: a business billing cannot serve answers with its own number, and stores nothing.
  const unavailable = (): ChatResponse => ({
    conversationId: null,
    reply: politeReply(body.locale ?? detectLanguage(body.message, undefined) ?? tenant.locale, tenant.name, ctx.businessPhone),
    handoff: true,
    heldByTeam: false,
    appointment: null,
  });
  if (!tenant.serving) return respond(ctx, unavailable());

  let client = body.client;
  if (client?.phone) {
    const phone = toE164(client.phone, tenant.region);
    if (!phone) throw new ApiError("bad_request", "client.phone: must be a phone number", "client.phone");
    client = { ...client, phone };
  }

  // Another tenant's (or an unknown) conversation id is simply not found.
  if (body.conversationId && !isTenantId(body.conversationId)) throw unknownConversation();
  const externalId = randomUUID();
  // Without a conversationId this turn opens a conversation: its count rides with the turn's first round trip.
  const gate = ctx.billing.newConversation(body.conversationId ? undefined : externalId);
  const turn = await runAgentTurn({
    channel: "web",
    externalId,
    ...(body.conversationId ? { conversationId: body.conversationId.toLowerCase() } : {}),
    message: body.message,
    configVersion: ctx.configVersion,
    ...(body.locale ? { locale: body.locale } : {}),
    ...(client ? { client } : {}),
    ...(gate ? { admitNewConversation: gate } : {}),
  }).catch((error: unknown) => {
    if (error instanceof NewConversationRefusedError) return null;
    throw error instanceof ConversationNotFoundError ? unknownConversation() : error;
  });
  if (!turn) return respond(ctx, unavailable());

  const payload: ChatResponse = {
    conversationId: turn.conversationId,
    reply: turn.reply,
    handoff: turn.handoff,
    heldByTeam: turn.heldByStaff === true,
    appointment: turn.appointment && {
      id: turn.appointment.id,
      service: turn.appointment.service,
      startsAt: isoWithOffset(turn.appointment.startsAt, tenant.timezone),
      endsAt: isoWithOffset(turn.appointment.endsAt, tenant.timezone),
      status: turn.appointment.status,
    },
  };

  return respond(ctx, payload);
}

function respond(ctx: ChannelContext<"web", WidgetInput>, payload: ChatResponse): Response {
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
