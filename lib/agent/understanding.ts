import type { CountryCode } from "libphonenumber-js";
import { extractName, extractPhone, parseChoice, parseYesNo, type YesNo } from "./caller-answers";
import { parseWhen, type WhenRequest } from "./date-parser";
import type { StoredWhen } from "./dialogue-state";
import {
  ADDRESS,
  BOOKING_VERB,
  CANCEL,
  GOODBYE,
  HANDOFF,
  HOURS,
  MOVE,
  THANKS,
  TIME_WORDS,
  isPureGreeting,
  namesUnknownThing,
} from "./intents";
import type { AgentLocale } from "./language";
import { normalizeText } from "./normalize-text";
import { matchService } from "./service-matcher";
import type { TenantFacts } from "./tenant-facts";

/*
 * What a caller's message says, in the terms the dialogue acts on. The keyword
 * rules read it by default; in model mode a model reads it instead, and the
 * dialogue does the rest (availability, confirmation, booking) the same way.
 */

export type CallerIntent = "handoff" | "cancel" | "move" | "hours" | "address" | "book" | "thanks" | "goodbye" | "greeting";

type Service = TenantFacts["services"][number];

export interface Understanding {
  message: string;
  /** The message normalized (lower case, no accents); FAQ matching reads it. */
  text: string;
  /** A message may carry several ("annuler… ou plutôt parler à quelqu'un"); the dialogue decides which wins. */
  intents: ReadonlySet<CallerIntent>;
  when: WhenRequest | null;
  service: Service | null;
  /** A booking verb, a service or a moment: the message can start or continue a booking. */
  bookingSignal: boolean;
  yesNo: YesNo | null;
  name: string | null;
  /** E.164. */
  phone: string | null;
  /** A booking request naming something the tenant does not offer. */
  namesUnknownService: boolean;
  /** Index (0-based) of the option chosen among `count` offered, if the message picks one. */
  choice(count: number): number | null;
}

export const hasMoment = (w: WhenRequest | StoredWhen | null | undefined): w is WhenRequest =>
  !!w && (w.date !== undefined || w.minutes !== undefined || w.period !== undefined || w.soonest);

/** The keyword reading: deterministic, no network. */
export function understandMessage(
  message: string,
  ctx: { now: Date; locale: AgentLocale; facts: Pick<TenantFacts, "timeZone" | "services" | "region"> },
): Understanding {
  const text = normalizeText(message);
  const when = parseWhen(message, ctx.now, ctx.facts.timeZone, ctx.locale);
  const service = matchService(message, ctx.facts.services);
  const rules: Array<[CallerIntent, boolean]> = [
    ["handoff", HANDOFF.test(text)],
    ["cancel", CANCEL.test(text)],
    ["move", MOVE.test(text)],
    ["hours", HOURS.test(text)],
    ["address", ADDRESS.test(text)],
    ["book", BOOKING_VERB.test(text)],
    ["goodbye", GOODBYE.test(text)],
    ["thanks", THANKS.test(text)],
    ["greeting", isPureGreeting(text)],
  ];
  const intents = new Set(rules.filter(([, matched]) => matched).map(([intent]) => intent));
  return {
    message,
    text,
    intents,
    when,
    service,
    bookingSignal: intents.has("book") || !!service || hasMoment(when),
    yesNo: parseYesNo(message),
    // A day or time said in a name's place ("next week", "at noon") is not a name.
    name: extractName(message, (part) => hasMoment(parseWhen(part, ctx.now, ctx.facts.timeZone, ctx.locale))),
    phone: extractPhone(message, ctx.facts.region as CountryCode),
    namesUnknownService: !service && namesUnknownThing(text, TIME_WORDS),
    choice: (count) => parseChoice(message, count),
  };
}
