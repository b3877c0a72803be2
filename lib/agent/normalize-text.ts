/*
 * One normal form for everything the agent matches against: lower case, no
 * diacritics (callers type "rendez vous", "Apres-midi", "réceptionniste"
 * alike), typographic apostrophes folded, punctuation that carries no meaning
 * for dates, times or phone numbers turned into spaces.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\b([ap])\.\s?m\b\.?/g, "$1m")
    .replace(/[^a-z0-9:'/+\-@ ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Words of a normalized text, split on anything that is not a letter or digit. */
export function wordsOf(normalized: string): string[] {
  return normalized.split(/[^a-z0-9]+/).filter(Boolean);
}

/** Whether `phrase` (normalized) occurs in `text` (normalized) as whole words. */
export function containsPhrase(text: string, phrase: string): boolean {
  if (!phrase) return false;
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text);
}
