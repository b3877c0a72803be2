import { z } from "zod";
import { DAY_PARTS } from "./dates/when";
import { legacyStep } from "./dialogue-state-legacy";

/*
 * What the receptionist remembers between turns, stored in
 * Conversation.state: who the caller is, and the step the conversation is
 * at, a union on what the receptionist awaits, each step carrying exactly
 * what it needs. Read through the schema: the column is plain JSON that an
 * older release (or a hand edit) may have written differently, and an
 * unreadable state must start the conversation afresh rather than crash it.
 */

const instant = z.iso.datetime({ offset: true });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const minutes = z.number().int().min(0).max(1440);

export const whenSchema = z.object({
  date: localDate.optional(),
  minutes: minutes.max(1439).optional(),
  period: z.enum(DAY_PARTS).optional(),
  after: minutes.optional(),
  before: minutes.optional(),
  weekday: z.number().int().min(1).max(7).optional(),
  passedDate: localDate.optional(),
  weekdayAlone: z.boolean().optional(),
  approximate: z.boolean().default(false),
  soonest: z.boolean().default(false),
});

/** The last question asked, repeated after a side answer or a misunderstanding. */
const prompt = z.string().max(1000).optional();
/** Slots offered, in the order they were read out ("the second one"). */
const proposals = z.array(instant).max(20).default([]);
/** Days offered when the caller's weekday and day number disagreed. */
const dateOptions = z.array(localDate).max(3).default([]);
/** What the caller wants with an appointment they have: cancel it, move it, or hear when it is. */
const change = z.enum(["cancel", "move", "show"]);
/** What the caller said about the time while a day was being clarified ("lundi 15 à 10h"). */
const pending = whenSchema.optional();
/** Whose slot each offered time is, in the order of `proposals` (null: whoever is free then); only with several staff. */
const proposalStaff = z.array(z.uuid().nullable()).max(20).optional();

/**
 * Who the caller wants to see, once said: one person, or whoever is free
 * except the people the caller turned down ("pas Karim", "someone else").
 */
export const staffChoiceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("person"), id: z.uuid() }),
  z.object({ kind: z.literal("anyone"), except: z.array(z.uuid()).max(20).default([]) }),
]);

export const stepSchema = z.discriminatedUnion("awaiting", [
  /**
   * After an answer: a follow-up on the same topic ("and on Saturday?", "and
   * for a colouring?"), or, after prices and services, a yes to "shall I book it?".
   */
  z.object({
    awaiting: z.literal("follow_up"),
    prompt,
    topic: z.enum(["hours", "prices", "services", "duration"]),
    serviceId: z.uuid().optional(),
  }),
  /** Booking: which service. A time said meanwhile waits in `when`. */
  z.object({ awaiting: z.literal("service"), prompt, when: whenSchema.optional() }),
  /** Booking: which time; `date` is the day in context, so a later bare "à 10h" means that day. */
  z.object({ awaiting: z.literal("time"), prompt, serviceId: z.uuid(), date: localDate.optional(), proposals, proposalStaff, dateOptions, pending }),
  /** Booking: with whom, when the name said matched several people, nobody, or someone who does not do the service. */
  z.object({ awaiting: z.literal("staff"), prompt, serviceId: z.uuid().optional(), when: whenSchema.optional(), options: z.array(z.uuid()).max(20).default([]) }),
  z.object({ awaiting: z.literal("name"), prompt, serviceId: z.uuid(), startsAt: instant }),
  z.object({ awaiting: z.literal("phone"), prompt, serviceId: z.uuid(), startsAt: instant }),
  z.object({ awaiting: z.literal("booking_confirmation"), prompt, serviceId: z.uuid(), startsAt: instant }),
  /** Cancel or move on the web with no phone: whose appointment. */
  z.object({ awaiting: z.literal("appointment_owner"), prompt, change, when: whenSchema.optional() }),
  z.object({ awaiting: z.literal("appointment_choice"), prompt, change, candidates: z.array(z.uuid()).max(20), when: whenSchema.optional() }),
  z.object({ awaiting: z.literal("cancel_confirmation"), prompt, appointmentId: z.uuid() }),
  z.object({
    awaiting: z.literal("new_time"),
    prompt,
    appointmentId: z.uuid(),
    serviceId: z.uuid(),
    date: localDate.optional(),
    proposals,
    proposalStaff,
    dateOptions,
    pending,
    /** Who the move is with: what the caller said, else the appointment's own person (several staff only). */
    staff: staffChoiceSchema.optional(),
    /** The people just offered when the name said was not one person; `when` is the time said with it. */
    staffOptions: z.array(z.uuid()).max(20).optional(),
    when: whenSchema.optional(),
  }),
  /** `resourceId`: the person the move goes to, when not the appointment's own (read back, then written). */
  z.object({
    awaiting: z.literal("move_confirmation"),
    prompt,
    appointmentId: z.uuid(),
    serviceId: z.uuid(),
    startsAt: instant,
    staff: staffChoiceSchema.optional(),
    resourceId: z.uuid().optional(),
  }),
]);

export const dialogueStateSchema = z.object({
  locale: z.enum(["fr", "en"]).optional(),
  turns: z.number().int().min(0).default(0),
  /** When the last turn ended; a conversation resumed after a long pause drops its half-done step. */
  lastTurnAt: z.iso.datetime({ offset: true }).optional(),
  misunderstandings: z.number().int().min(0).default(0),
  step: stepSchema.nullable().default(null),
  /** The person asked for; stays across turns until the caller changes it. Never set for a single-diary tenant. */
  staff: staffChoiceSchema.optional(),
  caller: z
    .object({
      name: z.string().max(200).optional(),
      phone: z.string().max(32).optional(),
      email: z.string().max(320).optional(),
    })
    .default({}),
});

export type DialogueState = z.infer<typeof dialogueStateSchema>;
export type DialogueStep = z.infer<typeof stepSchema>;
export type StoredWhen = z.infer<typeof whenSchema>;
export type Awaiting = DialogueStep["awaiting"];
export type StaffChoice = z.infer<typeof staffChoiceSchema>;
export type StepOf<A extends Awaiting> = Extract<DialogueStep, { awaiting: A }>;

/** Each part read on its own, so one bad field costs only itself. */
const envelopeSchema = z.object({
  locale: dialogueStateSchema.shape.locale.catch(undefined),
  turns: dialogueStateSchema.shape.turns.catch(0),
  lastTurnAt: dialogueStateSchema.shape.lastTurnAt.catch(undefined),
  misunderstandings: dialogueStateSchema.shape.misunderstandings.catch(0),
  caller: dialogueStateSchema.shape.caller.catch({}),
  staff: dialogueStateSchema.shape.staff.catch(undefined),
  step: z.unknown().optional(),
  flow: z.unknown().optional(),
});

/**
 * The stored state, read safely: the caller and counters are kept whenever
 * they read; a step written by an older release (`flow`) is converted where
 * it still makes sense; anything else starts afresh with no step.
 */
export function readDialogueState(raw: unknown): DialogueState {
  const envelope = envelopeSchema.safeParse(raw ?? {});
  if (!envelope.success) return dialogueStateSchema.parse({});
  const { step: stored, flow, ...rest } = envelope.data;
  const candidate = stored != null ? stored : flow != null ? legacyStep(flow) : null;
  const step = candidate != null ? stepSchema.safeParse(candidate) : null;
  return dialogueStateSchema.parse({ ...rest, step: step?.success ? step.data : null });
}
