import "server-only";
import type { TenantUserContext } from "@/lib/auth";
import { recordAuditEvent } from "@/lib/audit";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { memberAuditEntry } from "@/lib/auth/member-audit";

/*
 * Deleting a client erases them: the client row, their appointments, and
 * their conversations with every message.
 *
 * Conversations are deleted rather than scrubbed. Nearly every column of a
 * conversation is personal data: the transcript, the summary, the agent's
 * dialogue state (name, phone, wishes), each message, and for WhatsApp even
 * the external id, which is the sender's phone number and is also the key the
 * next message is matched on. A scrubbed row would keep only a channel and two
 * dates, which nothing needs: usage and billing are counted in usage_events,
 * which hold no personal data and stay. Deleting is also the only version
 * that is easy to verify (no rows) and cannot miss a column added later.
 *
 * The conversations erased are the ones linked to the client, plus WhatsApp
 * conversations from the client's number that never got linked (a chat where
 * the person never booked): they are the same person's messages.
 */

export interface ErasureCounts {
  appointments: number;
  conversations: number;
  messages: number;
}

export async function eraseClient(ctx: TenantUserContext, id: string): Promise<ErasureCounts> {
  const counts = await ctx.db.$transaction(async (transaction) => {
    const tx = transaction as unknown as TenantDb;
    const client = await tx.client.findFirst({ where: { id }, select: { id: true, phone: true } });
    if (!client) throw new ApiError("not_found", "This client does not exist.");
    const conversations = await tx.conversation.findMany({
      where: { OR: [{ clientId: id }, ...(client.phone ? [{ channel: "whatsapp" as const, externalId: client.phone }] : [])] },
      select: { id: true },
    });
    const conversationIds = conversations.map((c) => c.id);
    const messages = conversationIds.length ? await tx.message.deleteMany({ where: { conversationId: { in: conversationIds } } }) : { count: 0 };
    const appointments = await tx.appointment.deleteMany({ where: { clientId: id } });
    // Another client's appointment booked in one of these conversations keeps existing; its link is cleared by the foreign key.
    const deletedConversations = conversationIds.length ? await tx.conversation.deleteMany({ where: { id: { in: conversationIds } } }) : { count: 0 };
    await tx.client.deleteMany({ where: { id } });
    const result = { appointments: appointments.count, conversations: deletedConversations.count, messages: messages.count };
    // Counts only: no name, phone, email or notes in a trail that can never be erased.
    await recordAuditEvent(tx, memberAuditEntry(ctx, "client.deleted", `client:${id}`, { ...result }));
    return result;
  });
  return counts;
}
