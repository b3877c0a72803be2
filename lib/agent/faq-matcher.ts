import type { AgentLocale } from "./language";
import { normalizeText, wordsOf } from "./normalize-text";

export interface FaqCandidate {
  question: string;
  answer: string;
  language: string;
}

/** Words that say nothing about which question was asked. */
const STOP_WORDS = new Set(
  (
    "a au aux avec ce ces cette de des du en est et il ils je la le les leur ma mes mon ne nous on ou par pas " +
    "pour qu que qui sa se ses son sur ta te tes ton tu un une vos votre vous y faut peut peux pouvez est-ce " +
    "acceptez avez etes faites quel quelle quels quelles comment combien ou quand " +
    "an and are at be can do does for from have how i in is it me my of on or our the there to we what when " +
    "where which who why will with you your any accept take"
  ).split(" "),
);

/** Crude stem so "patients"/"patient" and "garer"/"garez" meet. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(es|s|x|ez|er|ing|ed)$/, "");
}

/**
 * Words for one thing, in both languages, so "y a un parking ?" meets the
 * owner's "Où se garer ?" and "is it covered by my insurance?" meets
 * "Acceptez-vous les mutuelles ?".
 */
const CONCEPTS: Record<string, string> = Object.fromEntries(
  [
    "parking garer gare stationner stationnement garage park parked parkings",
    "assurance assurances mutuelle mutuelles rembourse remboursement remboursee insurance insurer insurers covered coverage",
    "carte cartes paiement payer cash especes cheque card cards credit debit pay payment",
    "walk walk-in walk-ins walkin sans-rendez-vous",
    "enfant enfants bebe kids kid child children baby",
    "handicap fauteuil wheelchair accessible accessibilite accessibility ascenseur elevator lift",
  ].flatMap((group) => {
    const words = group.split(" ");
    return words.map((w) => [w, words[0]!]);
  }),
);

export function keywordsOf(text: string): Set<string> {
  return new Set(
    wordsOf(normalizeText(text))
      .filter((w) => w.length > 2 && !STOP_WORDS.has(w))
      .map((w) => CONCEPTS[w] ?? stem(w)),
  );
}

export interface FaqMatch<F extends FaqCandidate> {
  entry: F;
  /** Share of the entry's question keywords present in the message, 0..1. */
  coverage: number;
}

/**
 * The FAQ entry whose question shares the largest share of its keywords with
 * the message, preferring entries in the conversation's language.
 */
export function matchFaq<F extends FaqCandidate>(message: string, entries: F[], locale: AgentLocale): FaqMatch<F> | null {
  const words = keywordsOf(message);
  if (!words.size) return null;
  let best: (FaqMatch<F> & { rank: number }) | null = null;
  for (const entry of entries) {
    const keys = keywordsOf(entry.question);
    if (!keys.size) continue;
    let hits = 0;
    for (const k of keys) if (words.has(k)) hits += 1;
    if (!hits) continue;
    const coverage = hits / keys.size;
    const rank = coverage + (entry.language === locale ? 0.01 : 0);
    if (!best || rank > best.rank) best = { entry, coverage, rank };
  }
  return best ? { entry: best.entry, coverage: best.coverage } : null;
}
