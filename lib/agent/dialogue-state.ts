import { z } from "zod";

/*
 * What the receptionist remembers between turns, stored in
 * Conversation.state. Read through the schema: the column is plain JSON that
 * an older release (or a hand edit) may have written differently, and an
 * unreadable state must start the conversation afresh rather than crash it.
 */

const instant = z.iso.datetime({ offset: true });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const whenSchema = z.object({
  date: localDate.optional(),
  minutes: z.number().int().min(0).max(1439).optional(),
  period: z.enum(["morning", "afternoon", "evening"]).optional(),
  approximate: z.boolean().default(false),
  soonest: z.boolean().default(false),
});

export const flowSchema = z.object({
  kind: z.enum(["book", "cancel", "move"]),
  awaiting: z.enum(["service", "time", "name", "phone", "confirm", "pick", "lookup_name"]),
  serviceId: z.uuid().optional(),
  /** The existing appointment being cancelled or moved. */
  appointmentId: z.uuid().optional(),
  /** Appointments offered for "which one?". */
  candidates: z.array(z.uuid()).default([]),
  /** The time chosen for the booking or the move, awaiting the next step. */
  startsAt: instant.optional(),
  /** Day in context, so a later bare "à 10h" means that day. */
  date: localDate.optional(),
  /** A time said before the service was known. */
  when: whenSchema.optional(),
  /** Slots offered, in the order they were read out ("the second one"). */
  proposals: z.array(instant).default([]),
  /** The last question asked, repeated after a side answer or a misunderstanding. */
  prompt: z.string().max(1000).optional(),
});

export const dialogueStateSchema = z.object({
  locale: z.enum(["fr", "en"]).optional(),
  turns: z.number().int().min(0).default(0),
  /** When the last turn ended; a conversation resumed after a long pause drops its half-done flow. */
  lastTurnAt: z.iso.datetime({ offset: true }).optional(),
  misunderstandings: z.number().int().min(0).default(0),
  flow: flowSchema.nullable().default(null),
  caller: z
    .object({
      name: z.string().max(200).optional(),
      phone: z.string().max(32).optional(),
      email: z.string().max(320).optional(),
    })
    .default({}),
});

export type DialogueState = z.infer<typeof dialogueStateSchema>;
export type DialogueFlow = z.infer<typeof flowSchema>;
export type StoredWhen = z.infer<typeof whenSchema>;

export function readDialogueState(raw: unknown): DialogueState {
  const parsed = dialogueStateSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : dialogueStateSchema.parse({});
}
