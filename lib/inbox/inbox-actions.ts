import "server-only";
import { z } from "zod";
import type { TenantUserContext } from "@/lib/auth/with-tenant-user";
import { ApiError } from "@/lib/http";
import { requireTenantId } from "@/lib/tenancy";
import { conversationForStep, recordStep, type HeldConversation } from "./inbox-steps";
import { WhatsAppSendError, type SendWhatsApp } from "./whatsapp-seam";
import { whatsAppWindow } from "./whatsapp-window";

/*
 * Take over, reply, call back, resolve. A taken-over conversation is one the
 * receptionist no longer answers (lib/agent reads taken_over_at in the turn's
 * opening statement); Resolve hands it back.
 */

export const staffReplySchema = z.object({
  text: z
    .string({ message: "text: write a reply" })
    .trim()
    .min(1, "text: write a reply")
    .max(1600, "text: at most 1600 characters (one WhatsApp message)"),
});

export const calledBackSchema = z.object({
  outcome: z.enum(["reached", "no_answer"], { message: "outcome: choose reached or no_answer" }),
});

export interface StaffReplyDeps {
  sendWhatsApp: SendWhatsApp;
  now?: () => Date;
}

export type StaffReplyResult = { messageId: string; channel: "web" | "whatsapp"; delivery: "widget" | "whatsapp" };

/** Out of the inbox: no take-over, and a hand-off settled (a call that was forwarded is over, a chat goes on). */
function handBack(conversation: HeldConversation) {
  const settled = conversation.channel === "voice" ? ("ended" as const) : ("open" as const);
  return { takenOverAt: null, takenOverBy: null, ...(conversation.status === "handed_off" ? { status: settled } : {}) };
}

export async function takeOver(ctx: TenantUserContext, id: string): Promise<{ takenOverAt: string }> {
  const conversation = await conversationForStep(ctx.db, id);
  if (conversation.takenOverAt) return { takenOverAt: conversation.takenOverAt.toISOString() };
  const now = new Date();
  await recordStep(ctx, id, {
    step: "take_over",
    content: "",
    audit: { action: "conversation.taken_over", metadata: { channel: conversation.channel } },
    update: { takenOverAt: now, takenOverBy: ctx.user.userId },
  });
  return { takenOverAt: now.toISOString() };
}

/** Ends the take-over: the receptionist answers the next message again, and the conversation leaves the inbox. */
export async function resolveConversation(ctx: TenantUserContext, id: string): Promise<{ resolved: true }> {
  const conversation = await conversationForStep(ctx.db, id);
  if (!conversation.takenOverAt && conversation.status !== "handed_off") return { resolved: true };
  await recordStep(ctx, id, {
    step: "resolve",
    content: "",
    audit: { action: "conversation.resolved", metadata: { channel: conversation.channel } },
    update: handBack(conversation),
  });
  return { resolved: true };
}

/**
 * A member's reply on the conversation's own channel. Web: stored, and the
 * widget fetches it. WhatsApp: sent through `sendWhatsApp` inside the 24-hour
 * window, then stored with the provider's id. Voice has no reply: call back.
 */
export async function deliverStaffReply(ctx: TenantUserContext, id: string, raw: unknown, deps: StaffReplyDeps): Promise<StaffReplyResult> {
  const { text } = staffReplySchema.parse(raw);
  const conversation = await conversationForStep(ctx.db, id);
  if (!conversation.takenOverAt) {
    throw new ApiError("conflict", "Take the conversation over before replying, so the receptionist stops answering it.", undefined, undefined, {
      reason: "not_taken_over",
    });
  }
  if (conversation.channel === "voice") {
    throw new ApiError("conflict", "A call cannot be answered in writing: call the client back.", undefined, undefined, { reason: "voice_call_back" });
  }
  if (conversation.channel === "web") {
    const { messageId } = await recordStep(ctx, id, { step: "reply", content: text, audit: { action: "conversation.staff_replied", metadata: { channel: "web" } } });
    return { messageId, channel: "web", delivery: "widget" };
  }

  const now = (deps.now ?? (() => new Date()))();
  const last = await ctx.db.message.findFirst({
    where: { conversationId: id, role: "caller" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const window = whatsAppWindow(last?.createdAt ?? null, now);
  if (!window.open) {
    const message =
      window.reason === "no_inbound_message"
        ? "WhatsApp allows a reply only after the client has written: there is no message from them."
        : `WhatsApp allows a free reply only within 24 hours of the client's last message; that window closed at ${window.closedAt.toISOString()}. Call the client instead, or wait for them to write again.`;
    throw new ApiError("conflict", message, undefined, undefined, {
      reason: window.reason === "no_inbound_message" ? "whatsapp_no_inbound" : "whatsapp_window_closed",
      ...(window.reason === "window_closed" ? { windowClosedAt: window.closedAt.toISOString() } : {}),
    });
  }
  const sent = await deps.sendWhatsApp({ tenantId: requireTenantId("deliverStaffReply"), to: conversation.externalId, body: text }).catch((error: unknown) => {
    if (error instanceof WhatsAppSendError) {
      const reason = { not_configured: "whatsapp_not_configured", refused: "whatsapp_refused", unreachable: "whatsapp_unreachable" }[error.reason];
      throw new ApiError(error.reason === "unreachable" ? "bad_gateway" : "conflict", error.message, undefined, undefined, { reason });
    }
    throw error;
  });
  const { messageId } = await recordStep(ctx, id, {
    step: "reply",
    content: text,
    externalId: sent.providerMessageId,
    audit: { action: "conversation.staff_replied", metadata: { channel: "whatsapp" } },
  });
  return { messageId, channel: "whatsapp", delivery: "whatsapp" };
}

/** The outcome of calling a voice caller back; "reached" also resolves the hand-off. */
export async function recordCallBack(ctx: TenantUserContext, id: string, raw: unknown): Promise<{ outcome: "reached" | "no_answer" }> {
  const { outcome } = calledBackSchema.parse(raw);
  const conversation = await conversationForStep(ctx.db, id);
  if (conversation.channel !== "voice") {
    throw new ApiError("conflict", "Call-backs are for phone calls; reply in writing on this conversation.", undefined, undefined, { reason: "not_a_call" });
  }
  await recordStep(ctx, id, {
    step: "called_back",
    content: "",
    metadata: { outcome },
    audit: { action: "conversation.called_back", metadata: { outcome } },
    ...(outcome === "reached"
      ? { update: handBack(conversation) }
      : {}),
  });
  return { outcome };
}
