import "server-only";
import type { TenantDb } from "@/lib/db/tenant-db";
import type { AgentModeSettings } from "./agent-mode";
import { readDialogueState, type DialogueState } from "./dialogue-state";
import { readWithModel, type ModelReading } from "./model-understanding";
import type { TenantFacts } from "./tenant-facts";
import type { AgentTurnInput } from "./types";

/** Where a conversation stood: a model reading made against another point is not used. */
export const turnMark = (state: DialogueState) => `${state.turns}|${state.lastTurnAt ?? ""}`;

export interface PreparedReading {
  model: string | null;
  reading: ModelReading;
  mark: string | null;
}

/**
 * Model mode's reading of the message, made before the turn's transaction so
 * no connection or conversation lock is held while the model thinks; null in
 * deterministic mode and for a redelivered message, which the stored turn answers.
 */
export async function prepareModelReading(
  db: TenantDb,
  agentMode: AgentModeSettings | null,
  modelTimeoutMs: number,
  input: Pick<AgentTurnInput, "channel" | "externalId" | "conversationId" | "message" | "messageExternalId" | "rehearsal">,
  facts: TenantFacts,
  now: Date,
): Promise<PreparedReading | null> {
  const endpoint = agentMode ? await agentMode.modelEndpoint(facts.agent, modelTimeoutMs) : null;
  if (!endpoint) return null;
  if ("unavailable" in endpoint) return { model: null, reading: { ok: false, reason: endpoint.unavailable, totalTokens: null }, mark: null };
  if (input.messageExternalId && (await db.message.findFirst({ where: { externalId: input.messageExternalId }, select: { id: true } }))) {
    return null;
  }
  // A rehearsal's conversation exists only inside its own rolled-back turn: it brings its state along.
  const conversation = input.rehearsal
    ? null
    : await db.conversation.findFirst({
        where: input.conversationId ? { id: input.conversationId, channel: input.channel } : { channel: input.channel, externalId: input.externalId },
        select: { id: true, state: true },
      });
  const state = readDialogueState(input.rehearsal ? input.rehearsal.state : conversation?.state);
  const lastReply = input.rehearsal
    ? { content: input.rehearsal.lastReply }
    : conversation
      ? await db.message.findFirst({
          where: { conversationId: conversation.id, role: "agent" },
          orderBy: { createdAt: "desc" },
          select: { content: true },
        })
      : null;
  const pick = state.step?.awaiting === "appointment_choice" ? state.step.candidates : [];
  const candidates = pick.length
    ? await db.appointment.findMany({ where: { id: { in: pick } }, select: { id: true, startsAt: true, service: { select: { name: true } } } })
    : [];
  const reading = await readWithModel(
    endpoint,
    input.message,
    facts,
    {
      state,
      lastReply: lastReply?.content ?? null,
      candidates: pick.flatMap((id) => {
        const a = candidates.find((c) => c.id === id);
        return a ? [{ service: a.service.name, startsAt: a.startsAt }] : [];
      }),
    },
    now,
  );
  return { model: endpoint.model, reading, mark: turnMark(state) };
}
