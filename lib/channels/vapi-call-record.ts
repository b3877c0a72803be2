import "server-only";
import { z } from "zod";
import { tenantDb, type TenantDb } from "@/lib/db";
import { Prisma, type ConversationStatus, type MessageRole } from "@/lib/db/generated/client";
import type { ChannelContext } from "./channel-gate";
import type { VapiInput } from "./vapi-gate";
import { ValueReader } from "./vapi-values";

/*
 * What Vapi reports about a call, stored on the voice conversation keyed by
 * the call id. Vapi delivers at least once and in no guaranteed order, so:
 * - `status-update` only moves the call forward (queued → ringing →
 *   in-progress → forwarding → ended): a status at or behind the stored one
 *   changes nothing, and each move is a compare-and-set on the status it read;
 * - `end-of-call-report` is the final word: it sets status, ended reason and
 *   times once, and afterwards no status-update touches the call again;
 * - messages and call seconds are keyed per call, so a repeated report adds
 *   nothing.
 * Out-of-range dates and numbers are dropped and named (vapi-values.ts).
 */

type Tx = Omit<TenantDb, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const CALL_STATUS_RANK = { queued: 0, ringing: 1, "in-progress": 2, forwarding: 3, ended: 4 } as const;
type CallStatus = keyof typeof CALL_STATUS_RANK;
const isCallStatus = (s: string): s is CallStatus => Object.hasOwn(CALL_STATUS_RANK, s);

const callSchema = z.looseObject({ id: z.string().min(1).max(200) });

const artifactMessage = z.looseObject({
  role: z.string().max(40),
  message: z.unknown().optional(),
  time: z.unknown().optional(),
  secondsFromStart: z.unknown().optional(),
});

const endOfCallReport = z.looseObject({
  call: callSchema,
  artifact: z.looseObject({ messages: z.array(artifactMessage).max(10_000).optional() }).optional(),
  messages: z.array(artifactMessage).max(10_000).optional(),
  analysis: z.looseObject({}).optional(),
});

const statusUpdate = z.looseObject({ call: callSchema, status: z.string().max(40) });

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

const findCall = (tx: Tx, callId: string) =>
  tx.conversation.findFirst({
    where: { channel: "voice", externalId: callId },
    select: { id: true, status: true, callStatus: true, callReportedAt: true },
  });

async function createCall(tx: Tx, callId: string, callerPhone: string | undefined, data: Prisma.ConversationUncheckedCreateInput) {
  const client = callerPhone ? await tx.client.findFirst({ where: { phone: callerPhone }, select: { id: true } }) : null;
  return tx.conversation.create({
    data: { ...data, channel: "voice", externalId: callId, clientId: client?.id ?? null },
    select: { id: true },
  });
}

const conversationStatusOf = (status: CallStatus): ConversationStatus =>
  status === "forwarding" ? "handed_off" : status === "ended" ? "ended" : "open";

interface StatusEvent {
  status: CallStatus;
  at?: Date;
  startedAt?: Date;
  endedAt?: Date;
  endedReason?: string;
}

/** Moves the call to `event.status` if that is forward of what is stored and no report has closed it. */
async function applyStatus(tx: Tx, callId: string, callerPhone: string | undefined, event: StatusEvent): Promise<void> {
  const fields: Prisma.ConversationUncheckedUpdateInput = {
    callStatus: event.status,
    callStatusAt: event.at ?? new Date(),
    ...(event.startedAt ? { startedAt: event.startedAt } : {}),
    ...(event.status === "ended" ? { endedAt: event.endedAt ?? event.at ?? new Date(), endedReason: event.endedReason ?? null } : {}),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await findCall(tx, callId);
    if (!existing) {
      await createCall(tx, callId, callerPhone, { ...(fields as Prisma.ConversationUncheckedCreateInput), status: conversationStatusOf(event.status) });
      return;
    }
    if (existing.callReportedAt) return;
    const current = existing.callStatus && isCallStatus(existing.callStatus) ? CALL_STATUS_RANK[existing.callStatus] : -1;
    if (CALL_STATUS_RANK[event.status] <= current) return;
    // A call handed to a human stays handed off whatever arrives later.
    const status = existing.status === "handed_off" ? undefined : conversationStatusOf(event.status);
    const { count } = await tx.conversation.updateMany({
      where: { id: existing.id, callReportedAt: null, callStatus: existing.callStatus },
      data: { ...fields, ...(status ? { status } : {}) },
    });
    if (count === 1) return;
  }
}

function reportVia(ctx: ChannelContext<"voice", VapiInput>, ignored: string[]): string[] {
  if (ignored.length) {
    console.warn(`[vapi] ${ctx.input.message.type} (request ${ctx.requestId}): out-of-range values ignored: ${ignored.join(", ")}`);
  }
  return ignored;
}

/** Returns the fields that were out of range and ignored. */
export async function recordStatusUpdate(ctx: ChannelContext<"voice", VapiInput>): Promise<string[]> {
  if (!ctx.tenant.serving) return [];
  const m = statusUpdate.parse(ctx.input.message);
  if (!isCallStatus(m.status)) return [];
  const v = new ValueReader();
  const call = m.call as Record<string, unknown>;
  const event: StatusEvent = {
    status: m.status,
    at: v.instant(m.timestamp, "timestamp"),
    startedAt: v.instant(call.startedAt, "call.startedAt"),
    endedAt: v.instant(call.endedAt, "call.endedAt"),
    endedReason: v.text(m.endedReason ?? call.endedReason, "endedReason", 200),
  };
  await inTransactionRetryingRace((tx) => applyStatus(tx, m.call.id, ctx.input.callerPhone, event));
  return reportVia(ctx, v.ignored);
}

/** Returns the fields that were out of range and ignored. */
export async function recordEndOfCallReport(ctx: ChannelContext<"voice", VapiInput>): Promise<string[]> {
  if (!ctx.tenant.serving) return [];
  const m = endOfCallReport.parse(ctx.input.message);
  const v = new ValueReader();
  const call = m.call as Record<string, unknown>;
  const callId = m.call.id;
  const sentAt = v.instant(m.timestamp, "timestamp");
  const startedAt = v.instant(m.startedAt ?? call.startedAt, "startedAt");
  const endedAt = v.instant(m.endedAt ?? call.endedAt, "endedAt") ?? sentAt ?? new Date();
  const endedReason = v.text(m.endedReason ?? call.endedReason, "endedReason", 200) ?? null;
  const reported = v.seconds(m.durationSeconds, "durationSeconds");
  const computed = startedAt ? (endedAt.getTime() - startedAt.getTime()) / 1000 : undefined;
  const seconds = reported ?? (computed !== undefined ? v.seconds(computed, "endedAt - startedAt") : undefined);
  const artifact = m.artifact as Record<string, unknown> | undefined;
  const transcript = v.text(artifact?.transcript ?? m.transcript, "transcript", 1_000_000) ?? null;
  const summary = v.text((m.analysis as Record<string, unknown> | undefined)?.summary ?? m.summary, "summary", 100_000) ?? null;
  // Older reports name the files on the artifact, newer ones under artifact.recording; the purge clears them (retention.ts).
  const recording = (artifact?.recording ?? {}) as Record<string, unknown>;
  const mono = (recording.mono ?? {}) as Record<string, unknown>;
  const recordingUrl = v.httpsUrl(artifact?.recordingUrl ?? mono.combinedUrl ?? m.recordingUrl, "recordingUrl") ?? null;
  const stereoRecordingUrl = v.httpsUrl(artifact?.stereoRecordingUrl ?? recording.stereoUrl ?? m.stereoRecordingUrl, "stereoRecordingUrl") ?? null;
  const list = m.artifact?.messages ?? m.messages ?? [];
  const listName = m.artifact?.messages ? "artifact.messages" : "messages";
  const spoken = list.flatMap((msg, index) => {
    const role = ROLES[msg.role];
    const content = typeof msg.message === "string" ? msg.message.trim() : "";
    if (!role || !content) return [];
    const at = v.instant(msg.time, `${listName}.${index}.time`);
    const secondsFromStart = v.seconds(msg.secondsFromStart, `${listName}.${index}.secondsFromStart`);
    return [{ index, role, content, at, secondsFromStart }];
  });

  const final: Prisma.ConversationUncheckedUpdateInput = {
    ...(startedAt ? { startedAt } : {}),
    endedAt,
    endedReason,
    transcript,
    summary,
    recordingUrl,
    stereoRecordingUrl,
    callStatus: "ended",
    callStatusAt: sentAt ?? endedAt,
    callReportedAt: new Date(),
  };
  const status: ConversationStatus = endedReason && FORWARDED.test(endedReason) ? "handed_off" : "ended";

  await inTransactionRetryingRace(async (tx) => {
    const existing = await findCall(tx, callId);
    let conversationId: string;
    if (!existing) {
      conversationId = (await createCall(tx, callId, ctx.input.callerPhone, { ...(final as Prisma.ConversationUncheckedCreateInput), status })).id;
    } else {
      conversationId = existing.id;
      // Once: a repeated (or concurrent) report finds callReportedAt set and changes nothing.
      await tx.conversation.updateMany({
        where: { id: existing.id, callReportedAt: null },
        data: { ...final, ...(existing.status === "handed_off" ? {} : { status }) },
      });
    }
    if (spoken.length) {
      await tx.message.createMany({
        data: spoken.map((s) => ({
          conversationId,
          role: s.role,
          content: s.content,
          // Stable per call and position, so a repeated report inserts nothing.
          externalId: `vapi:${callId}:${s.index}`,
          metadata: s.secondsFromStart !== undefined ? { secondsFromStart: s.secondsFromStart } : {},
          ...(s.at ? { createdAt: s.at } : {}),
        })),
        skipDuplicates: true,
      });
    }
    if (seconds !== undefined) {
      const { count } = await tx.usageEvent.createMany({
        data: [{ metric: "call_second", quantity: Math.ceil(seconds), occurredAt: endedAt, idempotencyKey: `call_second:${callId}` }],
        skipDuplicates: true,
      });
      // The plan's minutes, counted once per call (a repeated report inserted nothing above).
      if (count) await ctx.billing.recordCallMinutes((text, values) => tx.$queryRawUnsafe(text, ...values), callId, seconds);
    }
  });
  return reportVia(ctx, v.ignored);
}
