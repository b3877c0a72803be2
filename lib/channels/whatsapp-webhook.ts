import "server-only";
import MessagingResponse from "twilio/lib/twiml/MessagingResponse";
import { NewConversationRefusedError, runAgentTurn } from "@/lib/agent";
import { detectLanguage } from "@/lib/agent/language";
import { politeReply } from "@/lib/billing/polite-reply";
import { tenantDb } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { fillMessage } from "@/lib/i18n";
import { messagingMessages } from "@/lib/i18n/messaging-messages";
import { applyDeliveryStatus, clearOptOut, optKeyword, recordOptOut } from "@/lib/messaging";
import type { ChannelLocale } from "./channel-tenant";
import { toE164 } from "./phone-number";
import type { ChannelContext } from "./channel-gate";
import type { TwilioInput } from "./twilio-gate";

/*
 * POST /api/webhooks/whatsapp, behind withChannel("whatsapp"). One agent turn
 * per inbound message on the conversation of (tenant, sender), answered with
 * TwiML. Twilio retries on timeouts, so a MessageSid seen before gets the same
 * reply and no second turn (the agent de-duplicates on messageExternalId).
 */

const TEXT_ONLY: Record<ChannelLocale, string> = {
  fr: "Merci pour votre message ! Je ne peux lire que du texte : pourriez-vous écrire votre demande ?",
  en: "Thank you for your message! I can only read text: could you type your request?",
};

function twiml(reply: string): Response {
  const response = new MessagingResponse();
  response.message(reply);
  return new Response(response.toString(), { headers: { "content-type": "text/xml; charset=utf-8" } });
}

/** No <Message>: Twilio sends nothing back (a taken-over conversation, or a status callback). */
function silentTwiml(): Response {
  return new Response(new MessagingResponse().toString(), { headers: { "content-type": "text/xml; charset=utf-8" } });
}

export async function handleWhatsAppMessage(ctx: ChannelContext<"whatsapp", TwilioInput>): Promise<Response> {
  const inbound = ctx.input.message;
  // A delivery-status callback pointed at this URL is not a message: answering
  // it would send the sender an unsolicited reply.
  if (inbound.kind === "status") return silentTwiml();
  const { tenant } = ctx;
  // Never drop a caller: a business billing cannot serve answers with its own number.
  const unavailable = () => twiml(politeReply(detectLanguage(inbound.Body, undefined) ?? tenant.locale, tenant.name, ctx.businessPhone));
  if (!tenant.serving) return unavailable();

  const sender = toE164(inbound.From);
  if (!sender) throw new ApiError("bad_request", "From must be a WhatsApp sender such as whatsapp:+41791234567.", "From");

  const text = inbound.Body.trim();
  if (!text) {
    // Media only (or empty): nothing for the agent to read, but it is still an inbound message.
    await tenantDb().usageEvent.createMany({
      data: [{ metric: "inbound_message", quantity: 1, idempotencyKey: `inbound_message:${inbound.MessageSid}` }],
      skipDuplicates: true,
    });
    // A member holding the conversation answers it; the receptionist's "text only" would talk over them.
    const held = await tenantDb().conversation.findFirst({ where: { channel: "whatsapp", externalId: sender, takenOverAt: { not: null } }, select: { id: true } });
    return held ? silentTwiml() : twiml(TEXT_ONLY[tenant.locale]);
  }

  // STOP / START are about the business's messages, not a request: answered here, whatever the billing state.
  const keyword = optKeyword(text);
  if (keyword) {
    await (keyword === "stop" ? recordOptOut(sender) : clearOptOut(sender));
    return twiml(fillMessage(messagingMessages[tenant.locale][keyword === "stop" ? "optedOut" : "optedIn"], { business: tenant.name }));
  }

  const gate = ctx.billing.newConversation();
  const turn = await runAgentTurn({
    channel: "whatsapp",
    externalId: sender,
    message: text,
    callerPhone: sender,
    // A new sender is addressed (and first booked) under their WhatsApp name
    // instead of being asked for it; a client already known by this number
    // keeps the name on file, which the agent prefers over any given name.
    ...(inbound.ProfileName ? { client: { name: inbound.ProfileName } } : {}),
    messageExternalId: inbound.MessageSid,
    configVersion: ctx.configVersion,
    ...(gate ? { admitNewConversation: gate } : {}),
  }).catch((error: unknown) => {
    if (error instanceof NewConversationRefusedError) return null;
    throw error;
  });
  if (!turn) return unavailable();
  // A member holds the conversation: the message is stored for them and the receptionist stays silent.
  return turn.heldByStaff || (turn.duplicate && !turn.reply) ? silentTwiml() : twiml(turn.reply);
}

/**
 * POST /api/webhooks/whatsapp/status: Twilio's delivery status of a message
 * we sent (the gate routed it by From and checked the signature). Stored
 * when it moves the message forward; an empty TwiML answer either way.
 */
export async function handleWhatsAppStatus(ctx: ChannelContext<"whatsapp", TwilioInput>): Promise<Response> {
  const status = ctx.input.message;
  if (status.kind === "status") await applyDeliveryStatus(status.MessageSid, status.MessageStatus, new Date());
  return new Response(new MessagingResponse().toString(), { headers: { "content-type": "text/xml; charset=utf-8" } });
}
