import { z } from "zod";
import type { AppointmentSummary } from "@/lib/booking";
import type { AgentTurnResult } from "./types";

/* The result of a turn as kept on its agent message, so a redelivered message gets the same answer. */

export const storedResultSchema = z.object({
  inReplyTo: z.string(),
  handoff: z.boolean(),
  transferPhone: z.string().optional(),
  appointment: z
    .object({
      id: z.string(),
      service: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      status: z.enum(["booked", "cancelled"]),
    })
    .nullable(),
});

export type StoredResult = z.infer<typeof storedResultSchema>;

export function appointmentOutcome(a: AppointmentSummary | null): StoredResult["appointment"] {
  if (!a || (a.status !== "booked" && a.status !== "cancelled")) return null;
  return { id: a.id, service: a.service, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), status: a.status };
}

export function resultFromStored(conversationId: string, reply: string, stored: StoredResult, duplicate: boolean): AgentTurnResult {
  const a = stored.appointment;
  return {
    conversationId,
    reply,
    handoff: stored.handoff,
    ...(stored.transferPhone ? { transferPhone: stored.transferPhone } : {}),
    appointment: a ? { ...a, startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt) } : null,
    duplicate,
  };
}

/** The answer already given to a redelivered message (its agent message may be missing after an erasure). */
export function replayedTurn(previous: { conversationId: string; reply: string | null; metadata: unknown }): AgentTurnResult {
  const stored = storedResultSchema.safeParse(previous.metadata);
  if (previous.reply === null || !stored.success) {
    return { conversationId: previous.conversationId, reply: previous.reply ?? "", handoff: false, appointment: null, duplicate: true };
  }
  return resultFromStored(previous.conversationId, previous.reply, stored.data, true);
}
