import { z } from "zod";
import { formatMinutes, wallClockAt } from "@/lib/booking";
import { DAY_PARTS } from "./dates/when";
import type { DialogueState } from "./dialogue-state";
import { formatDateTime, weekdayName } from "./formatting";
import { askablePeople } from "./staff-matcher";
import type { TenantFacts } from "./tenant-facts";
import type { CallerIntent } from "./understanding-types";

/*
 * What model mode asks a model for: one function call whose arguments say
 * what the caller's message means, in OpenAI's strict subset, and the zod
 * schema every reply is checked against before the dialogue sees it.
 */

export const TOOL_NAME = "record_understanding";

const INTENTS = [
  "book",
  "cancel",
  "move",
  "my_appointments",
  "hours",
  "open_now",
  "address",
  "directions",
  "prices",
  "services",
  "duration",
  "emergency",
  "question",
  "handoff",
  "greeting",
  "thanks",
  "goodbye",
  "answer",
  "other",
] as const;

export const MAPPED_INTENTS: Partial<Record<(typeof INTENTS)[number], CallerIntent>> = {
  book: "book",
  cancel: "cancel",
  move: "move",
  my_appointments: "my_appointments",
  hours: "hours",
  open_now: "open_now",
  address: "address",
  directions: "directions",
  prices: "prices",
  services: "services",
  duration: "duration",
  emergency: "emergency",
  handoff: "handoff",
  greeting: "greeting",
  thanks: "thanks",
  goodbye: "goodbye",
};

const nullable = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type as string, "null"] });

/** The person asked for, in the caller's words; only asked of tenants with several staff, so others pay no tokens for it. */
const STAFF_PROPERTY = nullable({ type: "string", description: "Person the caller asks to see, in their words (\"Karim\", \"not Karim\", \"anyone\")." });

/** The tool's parameters in OpenAI's strict subset: every property required, nulls spelled out, nothing extra. */
export function toolParameters(serviceIds: string[], withStaff = false) {
  const properties = {
    intent: { type: "string", enum: [...INTENTS], description: "What the caller wants with this message." },
    language: nullable({ type: "string", enum: ["fr", "en", null], description: "Language of the message; null if too short to tell." }),
    service_id: nullable({ type: "string", enum: [...serviceIds, null], description: "Id of the service named, if any." }),
    unknown_service: { type: "boolean", description: "The caller asks for a service that is not in the list." },
    unknown_service_name: nullable({ type: "string", description: "That service, in the caller's words (\"massage\")." }),
    correction: { type: "boolean", description: "The caller changes something said before (\"non, plutôt…\", \"actually…\")." },
    date: nullable({ type: "string", description: "Day meant, YYYY-MM-DD on the business's calendar, even if it has passed." }),
    time: nullable({ type: "string", description: "Time meant, HH:MM on a 24-hour clock." }),
    period: nullable({ type: "string", enum: [...DAY_PARTS, null] }),
    approximate: { type: "boolean", description: "The time is approximate (\"around 3\")." },
    soonest: { type: "boolean", description: "The caller wants the earliest possible slot." },
    yes_no: nullable({ type: "string", enum: ["yes", "no", null], description: "The message answers yes or no." }),
    option: nullable({ type: "integer", description: "Number (1-based) of the offered option the caller chose." }),
    name: nullable({ type: "string", description: "The caller's own name, when they give it." }),
    phone: nullable({ type: "string", description: "A phone number the caller gives, as written." }),
    ...(withStaff ? { staff: STAFF_PROPERTY } : {}),
  };
  return { type: "object", additionalProperties: false, required: Object.keys(properties), properties };
}

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));

export function readingSchema(serviceIds: string[]) {
  const serviceId = serviceIds.length ? z.enum(serviceIds as [string, ...string[]]).nullable() : z.null();
  return z
    .object({
      intent: z.enum(INTENTS),
      language: z.enum(["fr", "en"]).nullable(),
      service_id: serviceId,
      unknown_service: z.boolean(),
      // Fields added after the first release of the tool: a reply without them still reads.
      unknown_service_name: z.string().trim().min(1).max(80).nullable().default(null),
      correction: z.boolean().default(false),
      date: localDate.nullable(),
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .nullable(),
      period: z.enum(DAY_PARTS).nullable(),
      approximate: z.boolean(),
      soonest: z.boolean(),
      yes_no: z.enum(["yes", "no"]).nullable(),
      option: z.number().int().min(1).max(20).nullable(),
      name: z.string().trim().min(1).max(200).nullable(),
      phone: z.string().max(64).nullable(),
      // Asked only of tenants with several staff (toolParameters).
      staff: z.string().trim().min(1).max(80).nullable().default(null),
    })
    .strict();
}

export type ModelReadingArgs = z.infer<ReturnType<typeof readingSchema>>;

export const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          tool_calls: z
            .array(z.object({ function: z.object({ name: z.literal(TOOL_NAME), arguments: z.string().max(20_000) }) }))
            .min(1),
        }),
      }),
    )
    .min(1),
});

export const usageSchema = z.object({ usage: z.object({ total_tokens: z.number().int().min(0) }) });

/** What the reader is told about the conversation: where the dialogue stands and what it last said. */
export interface ReadingContext {
  state: DialogueState;
  lastReply: string | null;
  /** Appointments offered for "which one?", in the order they were listed. */
  candidates: Array<{ service: string; startsAt: Date }>;
}

export function instructions(facts: TenantFacts, context: ReadingContext, now: Date): string {
  const tz = facts.timeZone;
  const today = wallClockAt(now, tz);
  const step = context.state.step;
  const options =
    step?.awaiting === "appointment_choice"
      ? context.candidates.map((c) => `${c.service} ${formatDateTime(c.startsAt, tz, "en")}`)
      : step && "proposals" in step
        ? step.proposals.map((p) => formatDateTime(new Date(p), tz, "en"))
        : step && "dateOptions" in step
          ? []
          : [];
  const people = askablePeople(facts);
  const services = facts.services.map((s) => {
    const also = [...Object.values(s.names), ...s.synonyms].filter((n) => n && n !== s.name);
    return `- ${s.id}: ${s.name}${also.length ? ` (also: ${also.join(", ")})` : ""}`;
  });
  return [
    `You read messages sent to the receptionist of ${facts.businessName}. Do not answer the caller: call ${TOOL_NAME} with what the latest message says.`,
    `Today is ${weekdayName(today.weekday, "en")} ${today.date}, local time ${formatMinutes(today.minutes)} (${tz}). Resolve relative days ("demain", "next Friday") to dates on this calendar.`,
    `Services offered:\n${services.join("\n") || "(none)"}`,
    people.length ? `Staff: ${people.map((p) => p.name).join(", ")}.` : "",
    `Conversation language so far: ${context.state.locale ?? facts.defaultLocale}.`,
    step ? `The receptionist waits for: ${step.awaiting.replace(/_/g, " ")}.` : "No request is under way.",
    context.lastReply ? `The receptionist last said: ${JSON.stringify(context.lastReply.slice(0, 600))}` : "",
    options.length ? `Options offered, numbered:\n${options.map((o, i) => `${i + 1}) ${o}`).join("\n")}` : "",
    "Use intent \"answer\" when the message only answers the receptionist's question (a name, a phone number, a time, yes or no, an option). Use \"emergency\" for an urgent medical complaint. Leave a field null when the message does not say it.",
  ]
    .filter(Boolean)
    .join("\n\n");
}
