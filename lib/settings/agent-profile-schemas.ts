import { z } from "zod";
import { CONSOLE_LANGUAGES } from "./settings-schemas";
import { widgetAppearanceSchema } from "./widget-appearance";

/*
 * The Agent page's form schemas, shared by the client forms and the route
 * handlers. What they accept is what the receptionist reads back:
 * lib/agent/tenant-facts.ts (persona name, greeting per language, FAQ) and
 * lib/channels/vapi-assistant.ts (voice, tone in the system prompt).
 * Nothing here may import server code.
 */

/** Vapi speaks with OpenAI's text-to-speech voices (`voice: { provider: "openai", voiceId }`). */
export const PERSONA_VOICES = ["alloy", "echo", "fable", "onyx", "nova", "shimmer"] as const;
export type PersonaVoice = (typeof PERSONA_VOICES)[number];

const singleLine = (value: string) => !/[\r\n]/.test(value);

const greetingText = (label: string) =>
  z
    .string({ message: `${label} must be text` })
    .trim()
    .max(300, `${label} must be at most 300 characters`)
    .optional();

export const agentPersonaSchema = z.object({
  personaName: z
    .string({ message: "Enter the receptionist's name" })
    .trim()
    .min(2, "The receptionist's name must be at least 2 characters")
    .max(40, "The receptionist's name must be at most 40 characters")
    .refine(singleLine, "The receptionist's name must fit on one line"),
  personaVoice: z.enum(PERSONA_VOICES, { message: `Choose a voice: ${PERSONA_VOICES.join(", ")}` }),
  personaTone: z
    .string({ message: "Describe the tone" })
    .trim()
    .min(2, "Describe the tone in at least 2 characters, e.g. warm")
    .max(60, "The tone must be at most 60 characters")
    // It is spliced into the voice assistant's system prompt as one sentence.
    .refine(singleLine, "The tone must fit on one line"),
  /** An empty greeting falls back to the built-in one with the business and persona names. */
  greeting: z
    .strictObject(
      { fr: greetingText("The French greeting"), en: greetingText("The English greeting") },
      { message: "Greetings are sent as { fr, en }: French and English only" },
    )
    .default({}),
  /** The web widget's look; left as it is when not sent. */
  widget: widgetAppearanceSchema.optional(),
});
export type AgentPersonaInput = z.input<typeof agentPersonaSchema>;
export type AgentPersona = z.output<typeof agentPersonaSchema>;

export const faqEntrySchema = z.object({
  question: z
    .string({ message: "Enter the question" })
    .trim()
    .min(3, "The question must be at least 3 characters")
    .max(300, "The question must be at most 300 characters"),
  answer: z
    .string({ message: "Enter the answer" })
    .trim()
    .min(2, "The answer must be at least 2 characters")
    .max(1000, "The answer must be at most 1000 characters"),
  language: z.enum(CONSOLE_LANGUAGES, { message: "The language is French (fr) or English (en)" }),
});
export type FaqEntryInput = z.input<typeof faqEntrySchema>;

export const agentModeSchema = z.object({
  mode: z.enum(["deterministic", "model"], { message: "Choose keyword rules (deterministic) or model" }),
});
export type AgentModeInput = z.input<typeof agentModeSchema>;
