/*
 * What bench:chat's callers say: conversations built from each tenant's real
 * services and opening hours, so that a booking conversation asks for a
 * service the business offers, on a day it is open, at a time that fits — and
 * books. Two conversations in three book; the third only asks questions.
 */
import { minutesOf } from "./bench-harness";
import type { DemoTenant } from "../prisma/seed/demo-tenants";

export interface CallerScript {
  kind: "booking" | "questions";
  turns: string[];
}

const MONTHS = {
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

const PHONES: Record<string, (n: number) => string> = {
  CH: (n) => `079 123 45 ${String(n).padStart(2, "0")}`,
  DZ: (n) => `0551 23 45 ${String(n).padStart(2, "0")}`,
  FR: (n) => `06 12 34 56 ${String(n).padStart(2, "0")}`,
  BE: (n) => `0470 12 34 ${String(n).padStart(2, "0")}`,
  CA: (n) => `416 555 01${String(n).padStart(2, "0")}`,
};

const NAMES = { fr: ["Léa Martin", "Karim Haddad", "Sophie Rey", "Yanis Benali"], en: ["Sam Lee", "Olivia Brown", "Noah Wilson", "Emma Roy"] };

const days = new Map<string, { year: number; month: number; day: number; weekday: number }>();

/** The tenant's local date `offset` days after today, as Y-M-D and ISO weekday (cached: the bench's own CPU counts in-process). */
function localDay(timeZone: string, offset: number): { year: number; month: number; day: number; weekday: number } {
  const key = `${timeZone}|${offset}`;
  let day = days.get(key);
  if (!day) days.set(key, (day = computeLocalDay(timeZone, offset)));
  return day;
}

function computeLocalDay(timeZone: string, days: number): { year: number; month: number; day: number; weekday: number } {
  const at = new Date(Date.now() + days * 86_400_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", weekday: "short" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday!) + 1;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), weekday };
}

/** Start times (minutes) that fit a service of `duration` on a weekday, every 30 minutes. */
function startsOn(tenant: DemoTenant, weekday: number, duration: number): number[] {
  return (tenant.hours[weekday] ?? []).flatMap(([from, to]) => {
    const out: number[] = [];
    for (let m = minutesOf(from); m + duration <= minutesOf(to); m += 30) out.push(m);
    return out;
  });
}

function timeWords(minutes: number, locale: "fr" | "en"): string {
  const h = Math.floor(minutes / 60);
  const m = String(minutes % 60).padStart(2, "0");
  if (locale === "fr") return `${h}h${m === "00" ? "" : m}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${m} ${h < 12 ? "am" : "pm"}`;
}

/**
 * Conversation `round` of caller `lane` on `tenant`. Each round books on its
 * own open day and each lane at its own time of that day, so callers of one
 * tenant never compete for a slot and every booking conversation can book.
 */
export function callerScript(tenant: DemoTenant, lane: number, round: number): CallerScript {
  const locale = tenant.locale;
  const fr = locale === "fr";
  if (round % 3 === 2) {
    const faq = tenant.faq.find((f) => f.language === locale) ?? tenant.faq[0]!;
    return {
      kind: "questions",
      turns: fr
        ? ["Bonjour", "Quels sont vos horaires ?", faq.question, "Où êtes-vous situés ?", "Merci, au revoir"]
        : ["Hello", "What are your opening hours?", faq.question, "Where are you located?", "Thanks, bye"],
    };
  }
  const service = tenant.services[round % tenant.services.length]!;
  // Open days from the day after tomorrow on: never today, whose hours may have passed.
  let day = localDay(tenant.timezone, 2);
  let starts: number[] = [];
  for (let offset = 2, found = 0; ; offset++) {
    day = localDay(tenant.timezone, offset);
    starts = startsOn(tenant, day.weekday, service.durationMinutes);
    if (starts.length > lane && found++ === round) break;
  }
  const at = starts[lane % starts.length]!;
  const date = fr ? `le ${day.day} ${MONTHS.fr[day.month - 1]}` : `on ${MONTHS.en[day.month - 1]} ${day.day}`;
  const name = NAMES[locale][round % NAMES[locale].length]!;
  const phone = PHONES[tenant.region]!((lane * 7 + round) % 100);
  return {
    kind: "booking",
    turns: fr
      ? [
          "Bonjour, quels sont vos horaires ?",
          `Je voudrais prendre rendez-vous pour ${service.name.toLowerCase()} ${date} à ${timeWords(at, "fr")}`,
          `${name}, ${phone}`,
          "Oui, c'est parfait",
          "Où êtes-vous situés ?",
          "Merci, au revoir",
        ]
      : [
          "Hello, what are your opening hours?",
          `I'd like to book a ${service.name.toLowerCase()} ${date} at ${timeWords(at, "en")}`,
          `${name}, ${phone}`,
          "Yes, that's perfect",
          "Where are you located?",
          "Thanks, bye",
        ],
  };
}
