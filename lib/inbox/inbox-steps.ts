import "server-only";
import { z } from "zod";
import { memberAuditEntry } from "@/lib/auth/member-audit";
import type { TenantUserContext } from "@/lib/auth/with-tenant-user";
import { recordAuditEvent } from "@/lib/audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";

/*
 * Every step a member takes on a conversation is a `staff` message (its
 * metadata says which step) and an audit event, written together. Only
 * `reply` steps are shown to the client; the others are the console's record.
 */

export const STAFF_STEPS = ["take_over", "reply", "resolve", "called_back"] as const;
export type StaffStep = (typeof STAFF_STEPS)[number];

export const staffStepSchema = z.looseObject({
  step: z.enum(STAFF_STEPS),
  authorName: z.string(),
  outcome: z.enum(["reached", "no_answer"]).optional(),
});

/** The name a client sees next to a reply: the member's first name ("Sam"). */
export function authorNameOf(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] || fullName;
}

export interface StepWrite {
  step: StaffStep;
  content: string;
  externalId?: string | null;
  metadata?: Prisma.InputJsonObject;
  audit: { action: string; metadata?: Prisma.InputJsonObject };
  /** The conversation's own change, in the same transaction. */
  update?: Prisma.ConversationUpdateInput;
}

/** Stores the step, applies the conversation change and audits, in one transaction. */
export async function recordStep(ctx: TenantUserContext, conversationId: string, write: StepWrite): Promise<{ messageId: string; at: Date }> {
  return ctx.db.$transaction(async (tx) => {
    const db = tx as unknown as TenantDb;
    if (write.update) await db.conversation.update({ where: { id: conversationId }, data: write.update });
    const message = await db.message.create({
      data: {
        conversationId,
        role: "staff",
        content: write.content,
        externalId: write.externalId ?? null,
        metadata: { step: write.step, authorUserId: ctx.user.userId, authorName: authorNameOf(ctx.user.name), ...write.metadata },
      },
      select: { id: true, createdAt: true },
    });
    await recordAuditEvent(db, memberAuditEntry(ctx, write.audit.action, `conversation:${conversationId}`, write.audit.metadata ?? {}));
    return { messageId: message.id, at: message.createdAt };
  });
}

export interface HeldConversation {
  id: string;
  channel: "voice" | "whatsapp" | "web";
  status: "open" | "ended" | "handed_off";
  externalId: string;
  takenOverAt: Date | null;
  clientName: string | null;
  clientPhone: string | null;
  callerPhone: string | null;
}

const callerState = z.looseObject({ caller: z.looseObject({ phone: z.string().optional() }).optional() });

/** The conversation a step acts on; another tenant's id is the same 404 as an unknown one (RLS). */
export async function conversationForStep(db: TenantDb, id: string): Promise<HeldConversation> {
  const c = await db.conversation.findFirst({
    where: { id },
    select: { id: true, channel: true, status: true, externalId: true, takenOverAt: true, state: true, client: { select: { phone: true, name: true } } },
  });
  if (!c) throw new ApiError("not_found", "This conversation does not exist.");
  const state = callerState.safeParse(c.state);
  return {
    id: c.id,
    channel: c.channel,
    status: c.status,
    externalId: c.externalId,
    takenOverAt: c.takenOverAt,
    clientName: c.client?.name || null,
    clientPhone: c.client?.phone ?? null,
    callerPhone: state.success ? (state.data.caller?.phone ?? null) : null,
  };
}
