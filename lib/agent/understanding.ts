import type { CountryCode } from "libphonenumber-js";
import { extractPhone, parseChoice, parseYesNo } from "./caller-answers";
import { extractName, introducedName } from "./caller-names";
import { parseWhen } from "./date-parser";
import { hasMoment } from "./dates/when";
import {
  ADDRESS,
  BOOKING_VERB,
  CANCEL,
  CORRECTION,
  DIRECTIONS,
  DURATION,
  EMERGENCY_SYMPTOMS,
  GOODBYE,
  HANDOFF,
  HOURS,
  MOVE,
  NOT_URGENT,
  OPEN_NOW,
  PRICES,
  SERVICES,
  THANKS,
  TIME_WORDS,
  URGENCY,
  isPureGreeting,
  namesUnknownThing,
} from "./intents";
import type { AgentLocale } from "./language";
import { normalizeText } from "./normalize-text";
import { unofferedServiceIn } from "./service-lexicon";
import { serviceMentions, termsOf } from "./service-matcher";
import type { TenantFacts } from "./tenant-facts";
import type { CallerIntent, Understanding } from "./understanding-types";

/* The keyword reading of a message: deterministic, no network. */

/** "Oui, Jeanne Roux": an acknowledgement, then what answers the question. */
const LEADING_ACK = /^\s*(?:oui|ouais|yes|yeah|yep|ok|okay|d'accord|sure|bien sûr|bien sur)\s*[,.!:;-]+\s*/i;

function nameIn(message: string, blocked: boolean, isMoment: (text: string) => boolean): string | null {
  if (blocked) return null;
  return extractName(message, isMoment);
}

/** Where the name must not be looked for: a correction, a time, or a yes/no that is not just an acknowledgement. */
function nameBlocked(message: string, correction: boolean, moment: boolean): { blocked: boolean; text: string } {
  if (correction || moment) return { blocked: true, text: message };
  const rest = message.replace(LEADING_ACK, "");
  const answer = parseYesNo(rest);
  if (rest !== message) return { blocked: answer !== null, text: rest };
  return { blocked: answer !== null, text: message };
}

export function understandMessage(
  message: string,
  ctx: { now: Date; locale: AgentLocale; facts: Pick<TenantFacts, "timeZone" | "services" | "region"> },
): Understanding {
  const text = normalizeText(message);
  const when = parseWhen(message, ctx.now, ctx.facts.timeZone, ctx.locale);
  const mentions = serviceMentions(message, ctx.facts.services);
  const specific = mentions.filter((m) => !m.generic);
  const unoffered = unofferedServiceIn(message, ctx.facts.services.flatMap(termsOf));
  // "un rendez-vous pour un détartrage" names a service we lack, not the one whose synonym is "rendez-vous".
  const named = specific.length ? specific : unoffered ? [] : mentions;
  const service = named[0]?.service ?? null;
  const calm = text.replace(NOT_URGENT, " ");
  const emergency = EMERGENCY_SYMPTOMS.test(calm) || (URGENCY.test(calm) && !service);
  const rules: Array<[CallerIntent, boolean]> = [
    ["handoff", HANDOFF.test(text)],
    ["emergency", emergency],
    ["cancel", CANCEL.test(text)],
    ["move", MOVE.test(text)],
    ["hours", HOURS.test(text)],
    ["open_now", OPEN_NOW.test(text)],
    ["address", ADDRESS.test(text)],
    ["directions", DIRECTIONS.test(text)],
    ["prices", PRICES.test(text)],
    ["duration", DURATION.test(text)],
    ["services", SERVICES.test(text)],
    ["book", BOOKING_VERB.test(text)],
    ["goodbye", GOODBYE.test(text)],
    ["thanks", THANKS.test(text)],
    ["greeting", isPureGreeting(text)],
  ];
  const intents = new Set(rules.filter(([, matched]) => matched).map(([intent]) => intent));
  const correction = CORRECTION.test(text);
  const isMoment = (part: string) => hasMoment(parseWhen(part, ctx.now, ctx.facts.timeZone, ctx.locale));
  const introduced = introducedName(message);
  const forName = nameBlocked(message, correction, hasMoment(when));
  const phone = extractPhone(message, ctx.facts.region as CountryCode);
  const unknown = unoffered ?? (!service && !phone && !introduced && namesUnknownThing(text, TIME_WORDS) ? null : undefined);
  return {
    message,
    text,
    intents,
    when,
    service,
    services: named.map((m) => m.service),
    unknownService: unknown === undefined ? null : { term: unknown },
    bookingSignal: intents.has("book") || !!service || hasMoment(when),
    correction,
    yesNo: parseYesNo(message),
    name: introduced ?? nameIn(forName.text, forName.blocked, isMoment),
    nameIntroduced: !!introduced,
    phone,
    choice: (count) => parseChoice(message, count),
  };
}
