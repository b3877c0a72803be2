import { containsPhrase, normalizeText } from "./normalize-text";

export interface NamedService {
  id: string;
  name: string;
  /** Names per caller language; each one names the service too. */
  names?: Partial<Record<string, string>>;
  synonyms: string[];
}

/** Words that only say "an appointment": a service matched by them alone may hide one we do not offer. */
const GENERIC_TERMS = new Set(["rendez vous", "rendezvous", "rdv", "appointment", "appt", "booking", "reservation", "seance", "session", "visit"]);

function variants(term: string): string[] {
  const n = normalizeText(term).replace(/[-']/g, " ").replace(/\s+/g, " ").trim();
  if (!n) return [];
  const compact = n.replace(/ /g, "");
  // "colour" for "colouring": an English -ing service is named by its stem too.
  const stem = /^[a-z ]{5,}ing$/.test(n) ? [n.slice(0, -3), `${n.slice(0, -3)}s`, `${n.slice(0, -3)}ed`] : [];
  return [...new Set([n, compact, `${n}s`, `${compact}s`, ...stem])];
}

export function termsOf(service: NamedService): string[] {
  return [service.name, ...Object.values(service.names ?? {}).filter((n): n is string => !!n), ...service.synonyms];
}

/** Edits (insert, delete, substitute, swap two neighbours) between two words: "concultation" is one from "consultation". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Typos forgiven in a term of this length: none in short words, where one letter changes the word. */
const allowedTypos = (length: number) => (length >= 9 ? 2 : length >= 6 ? 1 : 0);

/** A term written with a typo or two ("concultation", "coloraton"), word for word. */
function misspelled(text: string, term: string): boolean {
  const allowed = allowedTypos(term.length);
  if (!allowed) return false;
  const words = text.split(" ");
  const size = term.split(" ").length;
  for (let i = 0; i + size <= words.length; i++) {
    const window = words.slice(i, i + size).join(" ");
    if (Math.abs(window.length - term.length) <= allowed && editDistance(window, term) <= allowed) return true;
  }
  return false;
}

export interface ServiceMention<S> {
  service: S;
  /** The longest of its terms the message contains, normalized. */
  term: string;
  /** Matched only through a word that just means "appointment". */
  generic: boolean;
}

/**
 * Every service the message names, by any of its names or synonyms, ignoring
 * case, accents, hyphens and a plural "s"; the most specific (longest term) first.
 */
export function serviceMentions<S extends NamedService>(message: string, services: S[]): Array<ServiceMention<S>> {
  const text = normalizeText(message).replace(/[-']/g, " ").replace(/\s+/g, " ");
  const mentions: Array<ServiceMention<S>> = [];
  for (const service of services) {
    let best: string | null = null;
    for (const term of termsOf(service)) {
      for (const form of variants(term)) {
        if (form.length > (best?.length ?? 0) && containsPhrase(text, form)) best = form;
      }
    }
    if (!best) {
      const near = termsOf(service)
        .map((term) => normalizeText(term).replace(/[-']/g, " ").replace(/\s+/g, " ").trim())
        .filter((term) => !GENERIC_TERMS.has(term) && misspelled(text, term))
        .sort((a, b) => b.length - a.length)[0];
      if (near) best = near;
    }
    if (best) mentions.push({ service, term: best, generic: GENERIC_TERMS.has(best) || GENERIC_TERMS.has(best.replace(/s$/, "")) });
  }
  return mentions.sort((a, b) => b.term.length - a.term.length);
}

/**
 * The service a message names, by name or synonym. The longest matching term
 * wins, so "bilan de santé" beats a shorter synonym contained in it.
 */
export function matchService<S extends NamedService>(message: string, services: S[]): S | null {
  return serviceMentions(message, services)[0]?.service ?? null;
}
