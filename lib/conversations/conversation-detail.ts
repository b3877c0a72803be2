import "server-only";
import { z } from "zod";
import type { AppointmentStatus, MessageRole } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { isTenantId } from "@/lib/tenancy";
import { conversationRowSelect, toConversationRow, type ConversationRow } from "./conversation-list";

/*
 * One conversation as the console shows it: the transcript in order, what the
 * call report said, and what the agent did. The agent leaves its actions in
 * three places, read here together:
 * - each agent message's metadata carries the turn's outcome (lib/agent
 *   receptionist: `appointment` booked/cancelled, `handoff`);
 * - voice tool calls are stored as `tool` messages with `{ tool, ok }`;
 * - appointments booked in the conversation point back to it (conversation_id).
 */

export interface TranscriptMessage {
  id: string;
  role: MessageRole;
  content: string;
  at: string;
  /** Seconds into the call (voice transcripts from Vapi). */
  secondsFromStart: number | null;
  /**
   * In model mode, who read the caller's message this turn answers: the
   * model, or the keyword rules because the model could not be used (why, as
   * lib/agent's ModelFallbackReason). Null in keyword mode.
   */
  understanding: { mode: "model" | "deterministic"; model: string | null; fallback: string | null } | null;
}

export type AgentAction =
  | {
      kind: "booked" | "moved" | "cancelled";
      at: string;
      appointmentId: string;
      service: string;
      startsAt: string;
      /** Where the appointment stands now (it may have changed since). */
      currentStatus: AppointmentStatus | null;
    }
  | { kind: "handoff"; at: string; transferPhone: string | null; reason: string | null }
  | { kind: "tool"; at: string; tool: string; ok: boolean; result: string };

export interface LinkedAppointment {
  id: string;
  service: string;
  startsAt: string;
  status: AppointmentStatus;
}

export interface ConversationDetail extends ConversationRow {
  clientEmail: string | null;
  endedReason: string | null;
  summary: string | null;
  /** The provider's raw transcript, shown only when no message was stored. */
  rawTranscript: string | null;
  messages: TranscriptMessage[];
  actions: AgentAction[];
  appointments: LinkedAppointment[];
}

const agentOutcome = z.looseObject({
  handoff: z.boolean().optional(),
  transferPhone: z.string().optional(),
  appointment: z
    .object({ id: z.string(), service: z.string(), startsAt: z.string(), status: z.enum(["booked", "cancelled"]) })
    .nullable()
    .optional(),
});

const toolOutcome = z.looseObject({ tool: z.string(), ok: z.boolean() });
const spokenAt = z.looseObject({ secondsFromStart: z.number() });
const readBy = z.looseObject({
  understanding: z.object({ mode: z.enum(["model", "deterministic"]), model: z.string().optional(), fallback: z.string().optional() }),
});

// Within one turn the caller's message and the reply can share a timestamp
// (same transaction); the caller spoke first.
const ROLE_ORDER: Record<MessageRole, number> = { caller: 0, tool: 1, agent: 2, staff: 3, system: 4 };

const FORWARDED = /forward|transfer/i;

/** The conversation with its transcript and actions, or null when the current tenant has no such conversation. */
export async function loadConversation(db: TenantDb, id: string): Promise<ConversationDetail | null> {
  // Not a UUID cannot name a row; answering like a missing one keeps the 404 uniform.
  if (!isTenantId(id)) return null;
  const conversation = await db.conversation.findFirst({
    where: { id: id.toLowerCase() },
    select: {
      ...conversationRowSelect,
      endedReason: true,
      summary: true,
      transcript: true,
      client: { select: { ...conversationRowSelect.client.select, email: true } },
    },
  });
  if (!conversation) return null;
  const [rawMessages, linked] = await Promise.all([
    db.message.findMany({
      where: { conversationId: conversation.id },
      select: { id: true, role: true, content: true, metadata: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.appointment.findMany({
      where: { conversationId: conversation.id },
      select: { id: true, startsAt: true, status: true, service: { select: { name: true } } },
      orderBy: { startsAt: "asc" },
    }),
  ]);
  // A member's take-over, resolve and call-back steps carry no text: the inbox shows them, the transcript does not.
  const messages = rawMessages.filter((m) => m.role !== "staff" || m.content !== "").sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || ROLE_ORDER[a.role] - ROLE_ORDER[b.role],
  );

  const mentioned = new Set<string>();
  for (const m of messages) {
    const outcome = m.role === "agent" ? agentOutcome.safeParse(m.metadata) : null;
    if (outcome?.success && outcome.data.appointment) mentioned.add(outcome.data.appointment.id);
  }
  const appointmentRows = mentioned.size
    ? await db.appointment.findMany({
        where: { id: { in: [...mentioned].filter(isTenantId) } },
        select: { id: true, conversationId: true, status: true },
      })
    : [];
  const appointmentById = new Map(appointmentRows.map((a) => [a.id, a]));

  const actions: AgentAction[] = [];
  const seen = new Set<string>();
  for (const m of messages) {
    const at = m.createdAt.toISOString();
    if (m.role === "tool") {
      const tool = toolOutcome.safeParse(m.metadata);
      if (tool.success) actions.push({ kind: "tool", at, tool: tool.data.tool, ok: tool.data.ok, result: m.content });
      continue;
    }
    if (m.role !== "agent") continue;
    const outcome = agentOutcome.safeParse(m.metadata);
    if (!outcome.success) continue;
    const a = outcome.data.appointment;
    if (a) {
      const row = appointmentById.get(a.id);
      // The stored outcome says "booked" for a new booking and for a move;
      // a move is a booked outcome for an appointment that existed before
      // this turn: already seen here, or booked in another conversation.
      const existedBefore = seen.has(a.id) || (row !== undefined && row.conversationId !== conversation.id);
      const kind = a.status === "cancelled" ? "cancelled" : existedBefore ? "moved" : "booked";
      actions.push({ kind, at, appointmentId: a.id, service: a.service, startsAt: a.startsAt, currentStatus: row?.status ?? null });
      seen.add(a.id);
    }
    if (outcome.data.handoff) actions.push({ kind: "handoff", at, transferPhone: outcome.data.transferPhone ?? null, reason: null });
  }
  // A call forwarded by Vapi itself leaves no agent message, only the report.
  if (conversation.status === "handed_off" && !actions.some((a) => a.kind === "handoff" || (a.kind === "tool" && a.tool === "transfer_call"))) {
    const reason = conversation.endedReason && FORWARDED.test(conversation.endedReason) ? conversation.endedReason : null;
    actions.push({ kind: "handoff", at: (conversation.endedAt ?? conversation.updatedAt).toISOString(), transferPhone: null, reason });
  }

  return {
    ...toConversationRow(conversation),
    clientEmail: conversation.client?.email ?? null,
    endedReason: conversation.endedReason,
    summary: conversation.summary,
    rawTranscript: messages.length ? null : conversation.transcript,
    messages: messages.map((m) => {
      const spoken = spokenAt.safeParse(m.metadata);
      const read = m.role === "agent" ? readBy.safeParse(m.metadata) : null;
      return {
        id: m.id,
        role: m.role,
        content: m.content,
        at: m.createdAt.toISOString(),
        secondsFromStart: spoken.success ? spoken.data.secondsFromStart : null,
        understanding: read?.success
          ? { mode: read.data.understanding.mode, model: read.data.understanding.model ?? null, fallback: read.data.understanding.fallback ?? null }
          : null,
      };
    }),
    actions,
    appointments: linked.map((a) => ({ id: a.id, service: a.service.name, startsAt: a.startsAt.toISOString(), status: a.status })),
  };
}
