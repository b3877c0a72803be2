import { randomUUID } from "node:crypto";
import { z } from "zod";
import { runAgentTurn } from "@/lib/agent";
import { tenantDb } from "@/lib/db";
import { ApiError, assertStorableText } from "@/lib/http";
import { isTenantId } from "@/lib/tenancy";
import { toE164 } from "./phone-number";
import { isoWithOffset } from "@/lib/booking";
import type { ChannelContext } from "./with-channel";
import { chatEventStream } from "./chat-event-stream";
import { enforceChatRateLimit } from "./chat-rate-limit";

/*
 * POST /api/v1/chat, behind withChannel("web"). The public contract:
 *   request  { conversationId?, message (1–2000 chars), locale?: "fr"|"en", client?: { name?, phone?, email? } }
 *   response { conversationId, reply, handoff, appointment: null | { id, service, startsAt, endsAt, status } }
 * with times in ISO 8601 at the tenant's UTC offset; or, with
 * `Accept: text/event-stream`, `event: delta` chunks then `event: done` with that JSON.
 */

export const chatRequestSchema = z.object({
  conversationId: z.string().min(1).max(100).optional(),
  message: z
    .string()
    .min(1, "must be 1 to 2000 characters")
    .max(2000, "must be 1 to 2000 characters")
    .refine((s) => s.trim().length > 0, "must not be blank"),
  locale: z.enum(["fr", "en"]).optional(),
  client: z
    .object({
      name: z.string().trim().min(1).max(200).optional(),
      phone: z.string().trim().min(3).max(40).optional(),
      email: z.string().trim().email("must be an email address").max(320).optional(),
    })
    .optional(),
});

export interface ChatAppointment {
  id: string;
  service: string;
  startsAt: string;
  endsAt: string;
  status: "booked" | "cancelled";
}

export interface ChatResponse {
  conversationId: string;
  reply: string;
  handoff: boolean;
  appointment: ChatAppointment | null;
}

async function readBody(request: Request): Promise<unknown> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiError("bad_request", "The body must be a JSON object such as { \"message\": \"Hello\" }.");
  }
  assertStorableText(body);
  return body;
}

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

export async function handleWebChat(ctx: ChannelContext<"web">): Promise<Response> {
  // Before the body is even read: a flood of malformed messages counts too.
  await enforceChatRateLimit(ctx.request, ctx.input.keyHash);
  const body = chatRequestSchema.parse(await readBody(ctx.request));
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
