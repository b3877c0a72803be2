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
  return [...new Set([n, compact, `${n}s`, `${compact}s`])];
}

export function termsOf(service: NamedService): string[] {
  return [service.name, ...Object.values(service.names ?? {}).filter((n): n is string => !!n), ...service.synonyms];
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
    if (best) mentions.push({ service, term: best, generic: GENERIC_TERMS.has(best.replace(/s$/, "")) });
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
