import { z } from "zod";

/*
 * The state of releases before the step union: one `flow` object with a kind
 * (book, cancel, move), what it awaited, and optional fields. Conversations
 * stored then are read back into the step they were at; a flow missing what
 * its step needs is dropped (the caller is asked again), never guessed.
 */

const instant = z.iso.datetime({ offset: true });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const legacyFlowSchema = z.object({
  kind: z.enum(["book", "cancel", "move"]),
  awaiting: z.enum(["service", "time", "name", "phone", "confirm", "pick", "lookup_name"]),
  serviceId: z.uuid().optional(),
  appointmentId: z.uuid().optional(),
  candidates: z.array(z.uuid()).max(20).default([]),
  startsAt: instant.optional(),
  date: localDate.optional(),
  when: z
    .object({
      date: localDate.optional(),
      minutes: z.number().int().min(0).max(1439).optional(),
      period: z.enum(["morning", "afternoon", "evening"]).optional(),
      approximate: z.boolean().default(false),
      soonest: z.boolean().default(false),
    })
    .optional(),
  proposals: z.array(instant).max(20).default([]),
  prompt: z.string().max(1000).optional(),
});

/** The step a legacy flow was at, in the shape of stepSchema (validated again by the caller's schema). */
export function legacyStep(raw: unknown) {
  const parsed = legacyFlowSchema.safeParse(raw);
  if (!parsed.success) return null;
  const f = parsed.data;
  const prompt = f.prompt !== undefined ? { prompt: f.prompt } : {};
  const date = f.date !== undefined ? { date: f.date } : {};
  const when = f.when !== undefined ? { when: f.when } : {};
  if (f.kind === "book") {
    if (f.serviceId && f.startsAt) {
      const awaiting = f.awaiting === "name" ? "name" : f.awaiting === "phone" ? "phone" : f.awaiting === "confirm" ? "booking_confirmation" : null;
      if (awaiting) return { awaiting, serviceId: f.serviceId, startsAt: f.startsAt, ...prompt } as const;
    }
    if (f.serviceId) return { awaiting: "time", serviceId: f.serviceId, proposals: f.proposals, dateOptions: [], ...date, ...prompt } as const;
    return { awaiting: "service", ...when, ...prompt } as const;
  }
  if (f.awaiting === "lookup_name") return { awaiting: "appointment_owner", change: f.kind, ...when, ...prompt } as const;
  if (f.awaiting === "pick") return { awaiting: "appointment_choice", change: f.kind, candidates: f.candidates, ...when, ...prompt } as const;
  if (!f.appointmentId) return null;
  if (f.kind === "cancel") return f.awaiting === "confirm" ? ({ awaiting: "cancel_confirmation", appointmentId: f.appointmentId, ...prompt } as const) : null;
  if (!f.serviceId) return null;
  if (f.awaiting === "confirm" && f.startsAt) {
    return { awaiting: "move_confirmation", appointmentId: f.appointmentId, serviceId: f.serviceId, startsAt: f.startsAt, ...prompt } as const;
  }
  return { awaiting: "new_time", appointmentId: f.appointmentId, serviceId: f.serviceId, proposals: f.proposals, dateOptions: [], ...date, ...prompt } as const;
}
