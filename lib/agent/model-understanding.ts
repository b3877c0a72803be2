import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { formatMinutes, wallClockAt } from "@/lib/booking";
import { extractPhone, normalizePhone } from "./caller-answers";
import type { WhenRequest } from "./date-parser";
import type { DialogueState } from "./dialogue-state";
import { formatDateTime, weekdayName } from "./formatting";
import type { AgentLocale } from "./language";
import { normalizeText } from "./normalize-text";
import type { TenantFacts } from "./tenant-facts";
import {
  postToVettedEndpoint,
  privateHostsAllowed,
  ResponseTooLargeError,
  vetModelEndpoint,
  type EndpointRefusal,
} from "./model-endpoint-guard";
import { hasMoment, type CallerIntent, type Understanding } from "./understanding";

/*
 * Model mode's reader: one function-calling request to an OpenAI-compatible
 * endpoint turns the caller's message into the same Understanding the keyword
 * rules produce. The model never answers the caller and never acts: what it
 * reads goes through the dialogue, so availability, confirmation and booking
 * follow the same rules. The caller's words travel only as the user message,
 * and whatever comes back is validated field by field, so a message that talks
 * the model into anything can at worst be misread, never book unconfirmed.
 */

export interface ModelEndpoint {
  apiKey: string;
  /** OpenAI-compatible base, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

export type ModelFallbackReason =
  | "timeout"
  | "network_error"
  | `http_${number}`
  | "invalid_json"
  | "schema_mismatch"
  | "no_api_key"
  | "invalid_base_url"
  | "key_unreadable"
  | "stale_context"
  | "response_too_large"
  /** The base URL was refused before connecting (see model-endpoint-guard.ts). */
  | EndpointRefusal;

export type ModelReading =
  | { ok: true; understanding: Understanding; language: AgentLocale | null; totalTokens: number | null }
  | { ok: false; reason: ModelFallbackReason; totalTokens: number | null };

/** What the reader is told about the conversation: where the dialogue stands and what it last said. */
export interface ReadingContext {
  state: DialogueState;
  lastReply: string | null;
  /** Appointments offered for "which one?", in the order they were listed. */
  candidates: Array<{ service: string; startsAt: Date }>;
}

const TOOL_NAME = "record_understanding";

const INTENTS = [
  "book",
  "cancel",
  "move",
  "hours",
  "address",
  "question",
  "handoff",
  "greeting",
  "thanks",
  "goodbye",
  "answer",
  "other",
] as const;

const MAPPED_INTENTS: Partial<Record<(typeof INTENTS)[number], CallerIntent>> = {
  book: "book",
  cancel: "cancel",
  move: "move",
  hours: "hours",
  address: "address",
  handoff: "handoff",
  greeting: "greeting",
  thanks: "thanks",
  goodbye: "goodbye",
};

const nullable = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type as string, "null"] });

/** The tool's parameters in OpenAI's strict subset: every property required, nulls spelled out, nothing extra. */
function toolParameters(serviceIds: string[]) {
  return {
    type: "object",
    additionalProperties: false,
    required: [
      "intent",
      "language",
      "service_id",
      "unknown_service",
      "date",
      "time",
      "period",
      "approximate",
      "soonest",
      "yes_no",
      "option",
      "name",
      "phone",
    ],
    properties: {
      intent: { type: "string", enum: [...INTENTS], description: "What the caller wants with this message." },
      language: nullable({ type: "string", enum: ["fr", "en", null], description: "Language of the message; null if too short to tell." }),
      service_id: nullable({ type: "string", enum: [...serviceIds, null], description: "Id of the service named, if any." }),
      unknown_service: { type: "boolean", description: "The caller asks for a service that is not in the list." },
      date: nullable({ type: "string", description: "Day meant, YYYY-MM-DD on the business's calendar." }),
      time: nullable({ type: "string", description: "Time meant, HH:MM on a 24-hour clock." }),
      period: nullable({ type: "string", enum: ["morning", "afternoon", "evening", null] }),
      approximate: { type: "boolean", description: "The time is approximate (\"around 3\")." },
      soonest: { type: "boolean", description: "The caller wants the earliest possible slot." },
      yes_no: nullable({ type: "string", enum: ["yes", "no", null], description: "The message answers yes or no." }),
      option: nullable({ type: "integer", description: "Number (1-based) of the offered option the caller chose." }),
      name: nullable({ type: "string", description: "The caller's own name, when they give it." }),
      phone: nullable({ type: "string", description: "A phone number the caller gives, as written." }),
    },
  };
}

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));

function readingSchema(serviceIds: string[]) {
  const serviceId = serviceIds.length ? z.enum(serviceIds as [string, ...string[]]).nullable() : z.null();
  return z
    .object({
      intent: z.enum(INTENTS),
      language: z.enum(["fr", "en"]).nullable(),
      service_id: serviceId,
      unknown_service: z.boolean(),
      date: localDate.nullable(),
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .nullable(),
      period: z.enum(["morning", "afternoon", "evening"]).nullable(),
      approximate: z.boolean(),
      soonest: z.boolean(),
      yes_no: z.enum(["yes", "no"]).nullable(),
      option: z.number().int().min(1).max(20).nullable(),
      name: z.string().trim().min(1).max(200).nullable(),
      phone: z.string().max(64).nullable(),
    })
    .strict();
}

const completionSchema = z.object({
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

const usageSchema = z.object({ usage: z.object({ total_tokens: z.number().int().min(0) }) });

function instructions(facts: TenantFacts, context: ReadingContext, now: Date): string {
  const tz = facts.timeZone;
  const today = wallClockAt(now, tz);
  const flow = context.state.flow;
  const options = flow?.awaiting === "pick"
    ? context.candidates.map((c) => `${c.service} ${formatDateTime(c.startsAt, tz, "en")}`)
    : (flow?.proposals ?? []).map((p) => formatDateTime(new Date(p), tz, "en"));
  const services = facts.services.map((s) => `- ${s.id}: ${s.name}${s.synonyms.length ? ` (also: ${s.synonyms.join(", ")})` : ""}`);
  return [
    `You read messages sent to the receptionist of ${facts.businessName}. Do not answer the caller: call ${TOOL_NAME} with what the latest message says.`,
    `Today is ${weekdayName(today.weekday, "en")} ${today.date}, local time ${formatMinutes(today.minutes)} (${tz}). Resolve relative days ("demain", "next Friday") to dates on this calendar.`,
    `Services offered:\n${services.join("\n") || "(none)"}`,
    `Conversation language so far: ${context.state.locale ?? facts.defaultLocale}.`,
    flow ? `The receptionist is handling a ${flow.kind} request and waits for: ${flow.awaiting}.` : "No request is under way.",
    context.lastReply ? `The receptionist last said: ${JSON.stringify(context.lastReply.slice(0, 600))}` : "",
    options.length ? `Options offered, numbered:\n${options.map((o, i) => `${i + 1}) ${o}`).join("\n")}` : "",
    "Use intent \"answer\" when the message only answers the receptionist's question (a name, a phone number, a time, yes or no, an option). Leave a field null when the message does not say it.",
  ]
    .filter(Boolean)
    .join("\n\n");
}

function understandingFrom(
  reading: z.infer<ReturnType<typeof readingSchema>>,
  message: string,
  facts: TenantFacts,
): Understanding {
  const mapped = MAPPED_INTENTS[reading.intent];
  const intents = new Set<CallerIntent>(mapped ? [mapped] : []);
  const service = facts.services.find((s) => s.id === reading.service_id) ?? null;
  const minutes = reading.time ? Number(reading.time.slice(0, 2)) * 60 + Number(reading.time.slice(3, 5)) : undefined;
  const candidate: WhenRequest = {
    ...(reading.date ? { date: reading.date } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
    ...(reading.period ? { period: reading.period } : {}),
    approximate: reading.approximate,
    soonest: reading.soonest,
  };
  const when = hasMoment(candidate) ? candidate : null;
  const region = facts.region as CountryCode;
  const phone = reading.phone ? (normalizePhone(reading.phone, region) ?? extractPhone(reading.phone, region)) : null;
  const option = reading.option;
  return {
    message,
    text: normalizeText(message),
    intents,
    when,
    service,
    bookingSignal: intents.has("book") || !!service || hasMoment(when),
    yesNo: reading.yes_no,
    name: reading.name,
    phone,
    namesUnknownService: !service && reading.unknown_service,
    choice: (count) => (option !== null && option <= count ? option - 1 : null),
  };
}

/** The promise, or the signal's reason once it fires (name resolution has no signal of its own). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Reads one message with the model. Never throws: any failure comes back as
 * a reason, and the turn falls back to the keyword rules.
 */
export async function readWithModel(
  endpoint: ModelEndpoint,
  message: string,
  facts: TenantFacts,
  context: ReadingContext,
  now: Date,
): Promise<ModelReading> {
  const serviceIds = facts.services.map((s) => s.id);
  const signal = AbortSignal.timeout(endpoint.timeoutMs);
  let body: unknown;
  try {
    const vetted = await untilAborted(
      vetModelEndpoint(endpoint.baseUrl, { allowPrivateHosts: privateHostsAllowed() }),
      signal,
    );
    if (!vetted.ok) return { ok: false, reason: vetted.reason, totalTokens: null };
    const requestBody = JSON.stringify({
      model: endpoint.model,
      temperature: 0,
      messages: [
        { role: "system", content: instructions(facts, context, now) },
        { role: "user", content: message },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: TOOL_NAME,
            description: "Records what the caller's latest message says.",
            strict: true,
            parameters: toolParameters(serviceIds),
          },
        },
      ],
      tool_choice: { type: "function", function: { name: TOOL_NAME } },
    });
    // Redirects are not followed (a 3xx is a failure): they would carry the key to an address nobody configured.
    const response = await postToVettedEndpoint(
      vetted.endpoint,
      "/chat/completions",
      { "content-type": "application/json", authorization: `Bearer ${endpoint.apiKey}` },
      requestBody,
      signal,
    );
    if (response.status < 200 || response.status > 299) return { ok: false, reason: `http_${response.status}`, totalTokens: null };
    body = JSON.parse(response.text);
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, reason: "timeout", totalTokens: null };
    if (error instanceof SyntaxError) return { ok: false, reason: "invalid_json", totalTokens: null };
    if (error instanceof ResponseTooLargeError) return { ok: false, reason: "response_too_large", totalTokens: null };
    return { ok: false, reason: "network_error", totalTokens: null };
  }
  // Tokens are billed by the provider even when the answer turns out unusable.
  const usage = usageSchema.safeParse(body);
  const totalTokens = usage.success ? usage.data.usage.total_tokens : null;
  const completion = completionSchema.safeParse(body);
  if (!completion.success) return { ok: false, reason: "schema_mismatch", totalTokens };
  let args: unknown;
  try {
    args = JSON.parse(completion.data.choices[0]!.message.tool_calls[0]!.function.arguments);
  } catch {
    return { ok: false, reason: "invalid_json", totalTokens };
  }
  const reading = readingSchema(serviceIds).safeParse(args);
  if (!reading.success) return { ok: false, reason: "schema_mismatch", totalTokens };
  return {
    ok: true,
    understanding: understandingFrom(reading.data, message, facts),
    language: reading.data.language,
    totalTokens,
  };
}
