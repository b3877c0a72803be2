import { z } from "zod";
import type { AgentToolName } from "./types";

/*
 * The voice tools as the voice model sees them: names, descriptions and JSON
 * schemas, and the zod schemas their arguments are parsed with.
 */

export const WHEN_HELP =
  "ISO 8601 with offset (2030-01-08T10:00:00+01:00), a local date-time (2030-01-08T10:00), or words (\"demain à 10h\", \"next Friday at 2pm\")";

const STAFF_PARAMETER = {
  type: "string",
  description:
    "Only when the caller says who: their name as said (\"Karim\", \"Dr Martin\"), \"anyone\", or someone to avoid (\"not Karim\"). Leave it out otherwise.",
};

export const AGENT_TOOL_DEFINITIONS: Array<{ name: AgentToolName; description: string; parameters: object }> = [
  {
    name: "check_availability",
    description:
      "Find free appointment slots. Give a service and, if the caller named one, a day and/or time. Returns whether that time is free or the nearest free slots, each with its exact ISO time.",
    parameters: {
      type: "object",
      properties: {
        service: { type: "string", description: "Service name or synonym, as the caller said it." },
        date: { type: "string", description: `Day wanted: ${WHEN_HELP}.` },
        time: { type: "string", description: "Time wanted, e.g. 14:30 or 2pm." },
        staff: STAFF_PARAMETER,
        language: { type: "string", enum: ["fr", "en"], description: "Language of the answer." },
      },
      required: [],
    },
  },
  {
    name: "book_appointment",
    description:
      "Book an appointment. Only call after reading the service, day and time back to the caller and hearing an explicit yes. The caller's phone number is known from caller ID.",
    parameters: {
      type: "object",
      properties: {
        service: { type: "string", description: "Service name or synonym." },
        startsAt: { type: "string", description: `Start time: ${WHEN_HELP}.` },
        staff: STAFF_PARAMETER,
        name: { type: "string", description: "The caller's full name." },
        phone: { type: "string", description: "Only if the caller gives a number other than the one they call from." },
        email: { type: "string" },
        language: { type: "string", enum: ["fr", "en"] },
      },
      required: ["service", "startsAt", "name"],
    },
  },
  {
    name: "cancel_appointment",
    description:
      "Cancel the caller's upcoming appointment, found by their phone number. Only call after the caller confirmed. If they have several, pass the start time of the one to cancel.",
    parameters: {
      type: "object",
      properties: {
        startsAt: { type: "string", description: `Start of the appointment to cancel: ${WHEN_HELP}.` },
        appointmentId: { type: "string" },
        language: { type: "string", enum: ["fr", "en"] },
      },
      required: [],
    },
  },
  {
    name: "reschedule_appointment",
    description:
      "Move the caller's upcoming appointment to a new time. Check availability first and only call after the caller confirmed the new time.",
    parameters: {
      type: "object",
      properties: {
        newStartsAt: { type: "string", description: `New start time: ${WHEN_HELP}.` },
        currentStartsAt: { type: "string", description: "Start of the appointment to move, if the caller has several." },
        appointmentId: { type: "string" },
        staff: { ...STAFF_PARAMETER, description: `${STAFF_PARAMETER.description} Without it the appointment keeps its person.` },
        language: { type: "string", enum: ["fr", "en"] },
      },
      required: ["newStartsAt"],
    },
  },
  {
    name: "transfer_call",
    description:
      "Transfer the call to a member of staff when the caller asks for a human or when you cannot help. Returns the number to transfer to.",
    parameters: {
      type: "object",
      properties: { reason: { type: "string", description: "Why the call is transferred, in a few words." } },
      required: [],
    },
  },
];

const text = z.string().trim().max(300);
const language = z.enum(["fr", "en"]).optional();
// Models often send "" for an optional argument they leave blank: that is "no preference", not an error.
const staff = z.string().trim().max(100).optional().transform((v) => (v ? v : undefined));
export const TOOL_SCHEMAS = {
  check_availability: z.object({ service: text.optional(), date: text.optional(), time: text.optional(), staff, language }),
  book_appointment: z.object({
    service: text.min(1),
    startsAt: text.min(1),
    staff,
    name: text.min(1).max(200),
    phone: text.optional(),
    email: text.optional(),
    language,
  }),
  cancel_appointment: z.object({ startsAt: text.optional(), appointmentId: text.optional(), language }),
  reschedule_appointment: z.object({
    newStartsAt: text.min(1),
    currentStartsAt: text.optional(),
    appointmentId: text.optional(),
    staff,
    language,
  }),
  transfer_call: z.object({ reason: text.optional() }),
} satisfies Record<AgentToolName, z.ZodType>;

