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
  MY_APPOINTMENTS,
  NOT_URGENT,
  NOW_ONLY,
  OPEN_NOW,
  PRICES,
  SERVICES,
  THANKS,
  TIME_WORDS,
  URGENCY,
  WANT,
  asksAboutSomethingElse,
  isPureGreeting,
  namesUnknownThing,
} from "./intents";
import type { AgentLocale } from "./language";
import { normalizeText } from "./normalize-text";
import { spokenDigits } from "./spoken-digits";
import { unofferedServiceIn } from "./service-lexicon";
import { serviceMentions, termsOf } from "./service-matcher";
import { askablePeople, readStaffMention, type StaffMention } from "./staff-matcher";
import type { TenantFacts } from "./tenant-facts";
import type { CallerIntent, Understanding } from "./understanding-types";

/* The keyword reading of a message: deterministic, no network. */

/** Where a caller takes back what they just said: "mardi, non, plutôt mercredi", "at 9, sorry I mean 10". */
const TAKE_BACK =
  /\b(?:non|no|plut[oô]t|en fait|finalement|actually|instead|rather|make it|i mean|i meant|sorry|pardon|oops|wait|attendez|attends)\b/gi;

type When = ReturnType<typeof parseWhen>;

/**
 * What the message says about when, the last word winning: after a take-back,
 * what follows replaces what came before ("mardi 10h, non plutôt mercredi" is
 * Wednesday at 10), keeping what it does not replace.
 */
function correctedWhen(message: string, read: (text: string) => When): When {
  const whole = read(message);
  const cuts = [...message.matchAll(TAKE_BACK)].map((m) => m.index ?? 0).reverse();
  for (const cut of cuts) {
    const tail = read(message.slice(cut));
    const head = read(message.slice(0, cut));
    if (!hasMoment(tail) || !hasMoment(head)) continue;
    const base = { ...head };
    if (tail.date !== undefined) {
      delete base.date;
      delete base.weekday;
      delete base.passedDate;
    }
    if (tail.minutes !== undefined || tail.period !== undefined || tail.after !== undefined || tail.before !== undefined) {
      delete base.minutes;
      delete base.period;
      delete base.after;
      delete base.before;
    }
    const said = Object.fromEntries(Object.entries(tail).filter(([, v]) => v !== undefined));
    return { ...base, ...said, approximate: tail.approximate, soonest: tail.soonest || head.soonest };
  }
  return whole;
}

/** The service named last, after a take-back ("une coupe, ah non plutôt une couleur"). */
function correctedService<S>(message: string, mentionsIn: (text: string) => S[]): S[] {
  const cuts = [...message.matchAll(TAKE_BACK)].map((m) => m.index ?? 0).reverse();
  for (const cut of cuts) {
    const tail = mentionsIn(message.slice(cut));
    if (tail.length && mentionsIn(message.slice(0, cut)).length) return tail;
  }
  return mentionsIn(message);
}

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
  ctx: {
    now: Date;
    locale: AgentLocale;
    facts: Pick<TenantFacts, "timeZone" | "services" | "region"> & Partial<Pick<TenantFacts, "resources" | "businessName">>;
    /** The caller's name as already known, which is never a request for a person. */
    callerName?: string | null;
  },
): Understanding {
  const text = normalizeText(message);
  const region = ctx.facts.region as CountryCode;
  const typedPhone = extractPhone(message, region);
  // "zéro septante-neuf, cinq cent cinquante-cinq…": a number said in words is a phone number, never "9h05".
  const spoken = typedPhone ? null : spokenDigits(text);
  const spokenPhone = spoken ? extractPhone(spoken, region) : null;
  const phone = typedPhone ?? spokenPhone;
  const when = spokenPhone ? null : correctedWhen(message, (part) => parseWhen(part, ctx.now, ctx.facts.timeZone, ctx.locale, ctx.facts.region));
  const mentions = correctedService(message, (part) => serviceMentions(part, ctx.facts.services));
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
    ["my_appointments", MY_APPOINTMENTS.test(text)],
    ["hours", HOURS.test(text)],
    ["open_now", OPEN_NOW.test(text) || NOW_ONLY.test(text)],
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
  if (WANT.test(text) && (service || unoffered)) intents.add("book");
  const correction = CORRECTION.test(text);
  const isMoment = (part: string) => hasMoment(parseWhen(part, ctx.now, ctx.facts.timeZone, ctx.locale, ctx.facts.region));
  const introduced = introducedName(message);
  const staff = staffIn(message, introduced ?? ctx.callerName ?? null, ctx.facts);
  // "Un rendez-vous avec Karim": the person asked for is neither the caller's name nor a service we lack.
  const rest = staff && !(staff.kind === "named" && staff.strength === "bare") ? `${message.slice(0, staff.span.start)} ${message.slice(staff.span.end)}` : message;
  const forName = nameBlocked(rest, correction, hasMoment(when));
  const unknown = unoffered ?? (!service && !phone && !introduced && namesUnknownThing(normalizeText(rest), TIME_WORDS) ? null : undefined);
  return {
    message,
    text,
    intents,
    when,
    service,
    services: named.map((m) => m.service),
    unknownService: unknown === undefined ? null : { term: unknown },
    bookingSignal:
      intents.has("book") || !!service || (hasMoment(when) && !asksAboutSomethingElse(message, text)) || (!!staff && !(staff.kind === "named" && staff.strength === "bare")),
    correction,
    yesNo: parseYesNo(message),
    name: introduced ?? nameIn(forName.text, forName.blocked || !!spokenPhone, isMoment),
    nameIntroduced: !!introduced,
    phone,
    staff,
    choice: (count) => parseChoice(message, count),
  };
}

/** The person the message asks for, read only when the tenant has several to choose from. */
function staffIn(
  message: string,
  callerName: string | null,
  facts: Pick<TenantFacts, "services"> & Partial<Pick<TenantFacts, "resources" | "businessName">>,
): StaffMention | null {
  const people = askablePeople({ resources: facts.resources ?? [], businessName: facts.businessName ?? "" });
  if (!people.length) return null;
  const ownTerms = facts.services.flatMap(termsOf);
  const otherWords = (word: string) => serviceMentions(word, facts.services).length > 0 || unofferedServiceIn(word, ownTerms) !== null;
  return readStaffMention(message, people, { callerName, otherWords });
}
