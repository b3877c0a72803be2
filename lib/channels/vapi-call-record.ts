import "server-only";
import { z } from "zod";
import { tenantDb, type TenantDb } from "@/lib/db";
import { Prisma, type ConversationStatus, type MessageRole } from "@/lib/db/generated/client";
import { requireTenantId } from "@/lib/tenancy";
import type { ChannelContext } from "./channel-gate";
import type { VapiInput } from "./vapi-gate";

/*
 * What Vapi reports about a call, stored on the voice conversation keyed by
 * the call id: `status-update` moves its status, `end-of-call-report` adds
 * transcript, summary, ended reason, times, the spoken messages, and the
 * call's seconds as usage. Vapi delivers at least once, so every write is
 * idempotent per call id: a repeated report changes nothing.
 */

type Tx = Omit<TenantDb, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const isoTime = z
  .string()
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), { message: "must be an ISO 8601 date-time" });

const callSchema = z.looseObject({
  id: z.string().min(1),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  endedReason: z.string().optional(),
});

const artifactMessage = z.looseObject({
  role: z.string(),
  message: z.string().optional(),
  time: z.number().optional(),
  secondsFromStart: z.number().optional(),
});

const endOfCallReport = z.looseObject({
  call: callSchema,
  endedReason: z.string().optional(),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  durationSeconds: z.number().nonnegative().optional(),
  summary: z.string().optional(),
  transcript: z.string().optional(),
  analysis: z.looseObject({ summary: z.string().optional() }).optional(),
  artifact: z
    .looseObject({ transcript: z.string().optional(), messages: z.array(artifactMessage).optional() })
    .optional(),
  messages: z.array(artifactMessage).optional(),
});

const statusUpdate = z.looseObject({
  call: callSchema,
  status: z.string(),
  endedReason: z.string().optional(),
});

const ROLES: Record<string, MessageRole> = { user: "caller", bot: "agent", assistant: "agent" };

const FORWARDED = /forward|transfer/i;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Two first deliveries of one call can race to create its conversation; the loser retries and updates. */
async function inTransactionRetryingRace<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await tenantDb().$transaction((tx) => fn(tx as Tx));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return tenantDb().$transaction((tx) => fn(tx as Tx));
  }
}

async function saveCallConversation(
  tx: Tx,
  callId: string,
  callerPhone: string | undefined,
  data: Prisma.ConversationUncheckedUpdateInput & { status?: ConversationStatus },
): Promise<string> {
  const tenantId = requireTenantId("Saving a call");
  const existing = await tx.conversation.findFirst({
    where: { channel: "voice", externalId: callId },
    select: { id: true, status: true },
  });
  if (existing) {
    // A call handed to a human stays handed off whatever arrives later.
    const status = existing.status === "handed_off" ? undefined : data.status;
    await tx.conversation.update({ where: { tenantId_id: { tenantId, id: existing.id } }, data: { ...data, status } });
    return existing.id;
  }
  const client = callerPhone
    ? await tx.client.findFirst({ where: { phone: callerPhone }, select: { id: true } })
    : null;
  const created = await tx.conversation.create({
    data: { ...(data as Prisma.ConversationUncheckedCreateInput), channel: "voice", externalId: callId, clientId: client?.id ?? null },
    select: { id: true },
  });
  return created.id;
}

export async function recordStatusUpdate(ctx: ChannelContext<"voice", VapiInput>): Promise<void> {
  if (!ctx.tenant.serving) return;
  const m = statusUpdate.parse(ctx.input.message);
  const status: ConversationStatus | null =
    m.status === "forwarding" ? "handed_off" : m.status === "ended" ? "ended" : m.status === "in-progress" ? "open" : null;
  if (!status) return;
  const data: Prisma.ConversationUncheckedUpdateInput & { status: ConversationStatus } = { status };
  if (m.call.startedAt) data.startedAt = m.call.startedAt;
  if (status === "ended") {
    data.endedAt = m.call.endedAt ?? new Date();
    data.endedReason = m.endedReason ?? m.call.endedReason ?? null;
  }
  await inTransactionRetryingRace((tx) => saveCallConversation(tx, m.call.id, ctx.input.callerPhone, data));
}

export async function recordEndOfCallReport(ctx: ChannelContext<"voice", VapiInput>): Promise<void> {
  if (!ctx.tenant.serving) return;
  const m = endOfCallReport.parse(ctx.input.message);
  const callId = m.call.id;
  const startedAt = m.startedAt ?? m.call.startedAt;
  const endedAt = m.endedAt ?? m.call.endedAt ?? new Date();
  const endedReason = m.endedReason ?? m.call.endedReason ?? null;
  const seconds =
    m.durationSeconds ?? (startedAt ? Math.max(0, (endedAt.getTime() - startedAt.getTime()) / 1000) : undefined);
  const spoken = (m.artifact?.messages ?? m.messages ?? []).flatMap((msg, index) => {
    const role = ROLES[msg.role];
    const content = msg.message?.trim();
    if (!role || !content) return [];
    return [{ index, role, content, at: msg.time ? new Date(msg.time) : undefined, secondsFromStart: msg.secondsFromStart }];
  });

  await inTransactionRetryingRace(async (tx) => {
    const conversationId = await saveCallConversation(tx, callId, ctx.input.callerPhone, {
      status: endedReason && FORWARDED.test(endedReason) ? "handed_off" : "ended",
      ...(startedAt ? { startedAt } : {}),
      endedAt,
      endedReason,
      transcript: m.artifact?.transcript ?? m.transcript ?? null,
      summary: m.analysis?.summary ?? m.summary ?? null,
    });
    if (spoken.length) {
      await tx.message.createMany({
        data: spoken.map((s) => ({
          conversationId,
          role: s.role,
          content: s.content,
          // Stable per call and position, so a repeated report inserts nothing.
          externalId: `vapi:${callId}:${s.index}`,
          metadata: s.secondsFromStart !== undefined ? { secondsFromStart: s.secondsFromStart } : {},
          ...(s.at && !Number.isNaN(s.at.getTime()) ? { createdAt: s.at } : {}),
        })),
        skipDuplicates: true,
      });
    }
    if (seconds !== undefined) {
      await tx.usageEvent.createMany({
        data: [{ metric: "call_second", quantity: Math.ceil(seconds), occurredAt: endedAt, idempotencyKey: `call_second:${callId}` }],
        skipDuplicates: true,
      });
    }
  });
}
