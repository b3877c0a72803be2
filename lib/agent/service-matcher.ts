import { containsPhrase, normalizeText } from "./normalize-text";

export interface NamedService {
  id: string;
  name: string;
  synonyms: string[];
}

function variants(term: string): string[] {
  const n = normalizeText(term).replace(/[-']/g, " ").replace(/\s+/g, " ").trim();
  if (!n) return [];
  const compact = n.replace(/ /g, "");
  const forms = new Set([n, compact, `${n}s`, `${compact}s`]);
  return [...forms];
}

/**
 * The service a message names, by name or synonym, ignoring case, accents,
 * hyphens and a plural "s". The longest matching term wins, so "bilan de
 * santé" beats a shorter synonym contained in it.
 */
export function matchService<S extends NamedService>(message: string, services: S[]): S | null {
  const text = normalizeText(message).replace(/[-']/g, " ").replace(/\s+/g, " ");
  let best: { service: S; length: number } | null = null;
  for (const service of services) {
    for (const term of [service.name, ...service.synonyms]) {
      for (const form of variants(term)) {
        if (form.length > (best?.length ?? 0) && containsPhrase(text, form)) best = { service, length: form.length };
      }
    }
  }
  return best?.service ?? null;
}
