import { addDays, isoWeekday, type OpeningInterval } from "@/lib/booking";
import { CALENDAR_WORDS } from "../catalogue/calendar-words";
import { hasMoment } from "../dates/when";
import { keywordsOf, matchFaq } from "../faq-matcher";
import { termsOf } from "../service-matcher";
import {
  formatDay,
  formatDuration,
  formatIntervals,
  formatOpeningHours,
  formatPrice,
  formatTime,
  joinAlternatives,
} from "../formatting";
import { serviceName, type ServiceFact } from "../tenant-facts";
import type { Understanding } from "../understanding-types";
import type { Turn } from "./turn";

/*
 * Answers from the tenant's configuration: FAQ, opening hours and whether it
 * is open now, address and directions, services with durations and prices.
 * Nothing is invented: a missing price or address is said to be missing.
 */

/** How far ahead "when do you open again?" looks. */
const REOPENING_SEARCH_DAYS = 21;

function intervalsOn(turn: Turn, date: string): OpeningInterval[] {
  if (turn.facts.closures.some((c) => c.startsOn <= date && date <= c.endsOn)) return [];
  return turn.facts.hours.filter((h) => h.weekday === isoWeekday(date)).sort((a, b) => a.opensAt - b.opensAt);
}

function openNowAnswer(turn: Turn): string {
  const { date, minutes } = turn.today();
  const words = CALENDAR_WORDS[turn.locale];
  const today = intervalsOn(turn, date);
  const current = today.find((h) => h.opensAt <= minutes && minutes < h.closesAt);
  if (current) return turn.r.openNow(formatTime(current.closesAt, turn.locale));
  const later = today.find((h) => h.opensAt > minutes);
  if (later) return turn.r.closedNow(words.reopening("today", formatTime(later.opensAt, turn.locale)));
  for (let ahead = 1; ahead <= REOPENING_SEARCH_DAYS; ahead++) {
    const day = addDays(date, ahead);
    const first = intervalsOn(turn, day)[0];
    if (!first) continue;
    const when = ahead === 1 ? "tomorrow" : { day: formatDay(day, turn.locale) };
    return turn.r.closedNow(words.reopening(when, formatTime(first.opensAt, turn.locale)));
  }
  return turn.r.closedNow(null);
}

function dayHoursAnswer(turn: Turn, date: string): string {
  const day = formatDay(date, turn.locale);
  const intervals = intervalsOn(turn, date);
  return intervals.length ? turn.r.openOnDay(day, formatIntervals(intervals, turn.locale)) : turn.r.closedOnDay(day);
}

function hoursAnswer(turn: Turn): string {
  const text = formatOpeningHours(turn.facts.hours, turn.locale);
  const today = turn.today().date;
  const soon = turn.facts.closures.filter((c) => c.endsOn >= today && c.startsOn <= addDays(today, 30));
  if (!soon.length) return text;
  const words = CALENDAR_WORDS[turn.locale];
  const list = soon.map((c) =>
    c.startsOn === c.endsOn ? formatDay(c.startsOn, turn.locale) : words.closureRange(formatDay(c.startsOn, turn.locale), formatDay(c.endsOn, turn.locale)),
  );
  return `${text} ${turn.r.closures(joinAlternatives(list, turn.locale, "and"))}`;
}

function addressAnswer(turn: Turn, withDirections: boolean): string {
  const { address, directions, businessName } = turn.facts;
  if (!address) return withDirections && directions ? directions : turn.r.noAddress();
  const text = turn.r.address(businessName, address);
  return withDirections && directions ? `${text} ${directions}` : text;
}

function priceItem(turn: Turn, s: ServiceFact): string {
  const name = serviceName(s, turn.locale);
  return s.priceCents === null ? `${name} (${turn.r.noPriceEntry()})` : `${name} ${formatPrice(s.priceCents, s.currency, turn.locale)}`;
}

function priceAnswer(turn: Turn, asked: ServiceFact[]): string {
  if (!asked.length) return turn.r.priceList(joinAlternatives(turn.facts.services.map((s) => priceItem(turn, s)), turn.locale, "and"));
  return asked
    .map((s) =>
      s.priceCents === null
        ? turn.r.noPrice(serviceName(s, turn.locale))
        : turn.r.price(serviceName(s, turn.locale), formatPrice(s.priceCents, s.currency, turn.locale)),
    )
    .join(" ");
}

function durationAnswer(turn: Turn, asked: ServiceFact[]): string {
  const services = asked.length ? asked : turn.facts.services;
  return services.map((s) => turn.r.duration(serviceName(s, turn.locale), formatDuration(s.durationMinutes, turn.locale))).join(" ");
}

const serviceItem = (turn: Turn, s: ServiceFact) => `${serviceName(s, turn.locale)} (${formatDuration(s.durationMinutes, turn.locale)})`;

function servicesAnswer(turn: Turn, s: Understanding): { text: string; serviceId?: string } {
  const offered = turn.facts.services;
  if (!offered.length) return { text: turn.r.noServicesOffered() };
  const list = joinAlternatives(offered.map((x) => serviceItem(turn, x)), turn.locale, "and");
  if (s.unknownService?.term && !s.service) return { text: turn.r.notOffered(s.unknownService.term, list) };
  if (s.service) return { text: turn.r.serviceOffered(serviceItem(turn, s.service)), serviceId: s.service.id };
  return { text: turn.r.servicesOffered(list) };
}

/**
 * The answer when the message asks about the business rather than for a
 * booking; null otherwise. `serviceInContext` is the service of a booking
 * under way, which "how much is it?" is about. Outside a flow, an answer
 * about services or prices ends with an offer to book.
 */
type Topic = "hours" | "prices" | "services" | "duration";

/** The answer, remembered as the topic of the conversation so a short follow-up ("and on Saturday?") is understood. */
function onTopic(turn: Turn, topic: Topic, text: string, inFlow: boolean, serviceId?: string): string {
  if (inFlow) return text;
  if (topic === "hours") {
    turn.state.step = { awaiting: "follow_up", topic };
    return text;
  }
  const step = { awaiting: "follow_up", topic, ...(serviceId ? { serviceId } : {}) } as const;
  return turn.ask(step, `${text} ${turn.r.offerToBook()}`, turn.r.offerToBook());
}

/**
 * The answer when the message asks about the business rather than for a
 * booking; null otherwise. `inFlow` is the booking under way, whose service
 * "how much is it?" is about. Outside a flow, an answer about services or
 * prices ends with an offer to book.
 */
export function informationAnswer(turn: Turn, s: Understanding, inFlow: { serviceId?: string } | null): string | null {
  const i = s.intents;
  const faq = matchFaq(s.message, turn.facts.faq, turn.locale);
  if (faq && faq.coverage >= 0.99) {
    const asked = keywordsOf(s.message);
    const questionWords = keywordsOf(faq.entry.question);
    // "Faut-il réserver ?" is the FAQ; "je voudrais réserver une coupe" is a booking;
    // "is a cleaning covered by my insurance?" names a service but books nothing.
    const serviceWords = !s.intents.has("book") && !hasMoment(s.when) ? keywordsOf(s.services.flatMap(termsOf).join(" ")) : new Set<string>();
    if (!s.bookingSignal || [...asked].every((w) => questionWords.has(w) || serviceWords.has(w))) return faq.entry.answer;
  }
  const flow = !!inFlow;
  const asking = !i.has("book") && !i.has("cancel") && !i.has("move");
  // Several questions in one message ("how much is a checkup, and are you open Saturdays?") get several answers.
  const parts: Array<{ topic: Topic | null; text: string; serviceId?: string }> = [];
  if (i.has("hours") && s.when?.date && asking && !s.service) parts.push({ topic: "hours", text: dayHoursAnswer(turn, s.when.date) });
  else if (i.has("open_now") && !s.when?.date) parts.push({ topic: "hours", text: openNowAnswer(turn) });
  else if (i.has("hours") && !i.has("book")) parts.push({ topic: "hours", text: hoursAnswer(turn) });
  if (i.has("directions")) parts.push({ topic: null, text: addressAnswer(turn, true) });
  else if (i.has("address")) parts.push({ topic: null, text: addressAnswer(turn, false) });
  const context = inFlow?.serviceId ? turn.service(inFlow.serviceId) : undefined;
  const about = s.services.length ? s.services : context ? [context] : [];
  const single = about.length === 1 ? about[0]!.id : undefined;
  if (i.has("prices")) parts.push({ topic: "prices", text: priceAnswer(turn, about), ...(single ? { serviceId: single } : {}) });
  if (i.has("duration")) parts.push({ topic: "duration", text: durationAnswer(turn, about), ...(single ? { serviceId: single } : {}) });
  if (i.has("services") && !(inFlow && s.service)) {
    const answer = servicesAnswer(turn, s);
    parts.push({ topic: "services", text: answer.text, ...(answer.serviceId ? { serviceId: answer.serviceId } : {}) });
  }
  const last = parts[parts.length - 1];
  if (last) {
    const text = parts.map((p) => p.text).join(" ");
    return last.topic ? onTopic(turn, last.topic, text, flow, last.serviceId) : text;
  }
  if (faq && faq.coverage >= 0.5 && !s.bookingSignal) return faq.entry.answer;
  return null;
}
