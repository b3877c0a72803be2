import { normalizeText, wordsOf } from "./normalize-text";

export type AgentLocale = "fr" | "en";

/*
 * Word lists, not a model: messages to a receptionist are short and drawn
 * from a small vocabulary, and the answer must be the same on every run.
 * Greetings weigh double so a lone "Hello" or "Bonjour" decides.
 */
const FRENCH = new Set(
  (
    "je tu il nous vous le la les un une des du de au aux et ou est suis sont pour avec sans mon ma mes " +
    "votre vos quel quelle quels quelles quand comment ou pourquoi oui non merci voudrais voudrait veux " +
    "peux pouvez puis prendre reserver rendez vous rdv demain aujourd hui apres midi matin soir semaine " +
    "prochain prochaine lundi mardi mercredi jeudi vendredi samedi dimanche heure heures horaires ouvert ouverts " +
    "ferme fermes adresse annuler deplacer decaler reporter changer parler quelqu personne accord " +
    "plait svp cabinet salon rue nom appelle numero telephone vers ce cette pas plutot " +
    "premier premiere deuxieme troisieme derniere serait possible disponible dispo creneau combien coute coutent " +
    "tarif tarifs prix prestation prestations faites proposez venir itineraire urgence maintenant actuellement " +
    "svp stp slt bjr jsuis chui dem1 auj aprem finalement plutot voila bien"
  ).split(" "),
);

const ENGLISH = new Set(
  (
    "i id im you he we they the an and or is are am was for with without my your what which when how " +
    "where why yes yeah yep no nope thanks thank please would like want need can could book booking appointment " +
    "tomorrow today morning afternoon evening week next this monday tuesday wednesday thursday friday saturday " +
    "sunday hour hours open opening closed address cancel move reschedule change speak talk someone person " +
    "sure okay name number phone at pm am around first second third last one do does there any available slot " +
    "time located location much cost costs price prices services offer long take takes directions get still right " +
    "now emergency urgent help u r ur pls plz thx tmrw wanna gonna actually instead earliest soonest half quarter " +
    "past late early evening"
  ).split(" "),
);

const GREETINGS: Record<AgentLocale, Set<string>> = {
  fr: new Set(["bonjour", "bonsoir", "salut", "coucou", "allo"]),
  en: new Set(["hello", "hi", "hey", "good"]),
};

export interface LanguageScore {
  fr: number;
  en: number;
}

export function scoreLanguage(message: string): LanguageScore {
  const words = wordsOf(normalizeText(message).replace(/'/g, " "));
  const score: LanguageScore = { fr: 0, en: 0 };
  for (const w of words) {
    if (FRENCH.has(w)) score.fr += 1;
    if (ENGLISH.has(w)) score.en += 1;
    if (GREETINGS.fr.has(w)) score.fr += 2;
    if (GREETINGS.en.has(w)) score.en += 2;
  }
  // Accented letters only occur in the French side of the vocabulary.
  if (/[àâçéèêëîïôûùœ]/i.test(message)) score.fr += 1;
  return score;
}

/**
 * The language of `message` when it says enough to tell; otherwise `current`.
 * Switching away from the conversation's language takes a clear lead, so one
 * stray "ok" or "no" does not flip a French conversation to English.
 */
export function detectLanguage(message: string, current: AgentLocale | undefined): AgentLocale | undefined {
  const s = scoreLanguage(message);
  const leader: AgentLocale | undefined = s.fr > s.en ? "fr" : s.en > s.fr ? "en" : undefined;
  if (!leader) return current;
  if (!current || leader === current) return leader;
  const lead = s[leader] - s[current];
  return s[leader] >= 2 && lead >= 2 ? leader : current;
}
