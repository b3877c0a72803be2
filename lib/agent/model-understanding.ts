import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { extractPhone, normalizePhone } from "./caller-answers";
import { hasMoment, type WhenRequest } from "./dates/when";
import type { AgentLocale } from "./language";
import type { ModelEndpoint, ModelFallbackReason } from "./model-endpoint";
import {
  postToVettedEndpoint,
  privateHostsAllowed,
  ResponseTooLargeError,
  vetModelEndpoint,
} from "./model-endpoint-guard";
import {
  completionSchema,
  instructions,
  MAPPED_INTENTS,
  readingSchema,
  TOOL_NAME,
  toolParameters,
  usageSchema,
  type ModelReadingArgs,
  type ReadingContext,
} from "./model-reading-schema";
import { normalizeText } from "./normalize-text";
import { readStaffArgument } from "./staff-argument";
import { askablePeople, type StaffMention } from "./staff-matcher";
import type { TenantFacts } from "./tenant-facts";
import { understandMessage } from "./understanding";
import type { CallerIntent, Understanding } from "./understanding-types";

/*
 * Model mode's reader: one function-calling request to an OpenAI-compatible
 * endpoint turns the caller's message into the same Understanding the keyword
 * rules produce. The model never answers the caller and never acts: what it
 * reads goes through the dialogue, so availability, confirmation and booking
 * follow the same rules. The caller's words travel only as the user message,
 * and whatever comes back is validated field by field, so a message that talks
 * the model into anything can at worst be misread, never book unconfirmed.
 * An emergency the keyword rules see is never lost to a model's misreading.
 */

export type { ReadingContext } from "./model-reading-schema";

export type ModelReading =
  | { ok: true; understanding: Understanding; language: AgentLocale | null; totalTokens: number | null }
  | { ok: false; reason: ModelFallbackReason; totalTokens: number | null };

function understandingFrom(reading: ModelReadingArgs, message: string, facts: TenantFacts, rules: Understanding): Understanding {
  const mapped = MAPPED_INTENTS[reading.intent];
  const intents = new Set<CallerIntent>(mapped ? [mapped] : []);
  if (rules.intents.has("emergency")) intents.add("emergency");
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
    services: service ? [service] : [],
    unknownService: !service && reading.unknown_service ? { term: reading.unknown_service_name } : null,
    bookingSignal: intents.has("book") || !!service || hasMoment(when),
    correction: reading.correction,
    yesNo: reading.yes_no,
    name: reading.name,
    // The model is told to report only the caller's own name.
    nameIntroduced: !!reading.name && reading.intent !== "answer",
    phone,
    staff: reading.staff ? staffFrom(reading.staff, facts) : rules.staff,
    choice: (count) => (option !== null && option <= count ? option - 1 : null),
  };
}

/** The model's "Karim", "not Karim", "anyone" read against the staff; a name matching nobody is reported as such. */
function staffFrom(said: string, facts: TenantFacts): StaffMention | null {
  const people = askablePeople(facts);
  if (!people.length) return null;
  const mention = readStaffArgument(said, people);
  if (!mention) return null;
  // The model put it in the staff field: a person is meant, whatever the words around.
  return mention.kind === "named" ? { ...mention, strength: mention.strength === "bare" ? "alone" : mention.ids.length ? mention.strength : "cued" } : mention;
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
  const withStaff = askablePeople(facts).length > 0;
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
            parameters: toolParameters(serviceIds, withStaff),
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
    understanding: understandingFrom(
      reading.data,
      message,
      facts,
      understandMessage(message, { now, locale: reading.data.language ?? context.state.locale ?? facts.defaultLocale, facts }),
    ),
    language: reading.data.language,
    totalTokens,
  };
}
