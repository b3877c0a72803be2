import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { normalizeText, wordsOf } from "./normalize-text";

/*
 * Short answers to the agent's own questions: yes or no, which of the offered
 * options, a name, a phone number.
 */

export type YesNo = "yes" | "no";

// Negations that mean yes ("pas de problème") are read before plain negations.
const YES_DESPITE_NEGATION =
  /\b(pas de (probleme|souci)|sans (probleme|souci)|no (problem|worries)|pourquoi pas|why not|not a problem)\b/;
const NO =
  /\b(non|no|nope|nah|pas|jamais|negatif|not|don't|dont|do not|never|aucun|aucune|ne veux|plus besoin|laissez tomber|forget it)\b/;
const YES =
  /\b(oui|ouais|ouep|yes|yeah|yep|yup|ya|ok|okay|okey|d'accord|daccord|dac|parfait|exactement|exact|bien sur|volontiers|confirme|confirmer|je confirme|c'est bon|c'est ca|c'est parfait|ca marche|ca me va|ca va|tres bien|entendu|impeccable|allez-y|allez y|go|sure|correct|confirm|confirmed|right|sounds good|go ahead|absolutely|please do|great|perfect|fine|of course|that works|works for me|certainly|super|nickel|genial|top|avec plaisir|bien)\b/;

export function parseYesNo(message: string): YesNo | null {
  const t = normalizeText(message);
  if (YES_DESPITE_NEGATION.test(t)) return "yes";
  if (NO.test(t)) return "no";
  if (YES.test(t)) return "yes";
  return null;
}

const ORDINALS: Array<[RegExp, number]> = [
  [/\b(premier|premiere|1er|1ere|first|1st|numero un|number one)\b/, 0],
  [/\b(deuxieme|second|seconde|2e|2eme|2nd|numero deux|number two)\b/, 1],
  [/\b(troisieme|third|3e|3eme|3rd|numero trois|number three)\b/, 2],
];

/** Index (0-based) of the option chosen among `count` offered, from an ordinal or an option number. */
export function parseChoice(message: string, count: number): number | null {
  const t = normalizeText(message);
  if (count <= 0) return null;
  if (/\b(dernier|derniere|last|last one)\b/.test(t)) return count - 1;
  for (const [re, index] of ORDINALS) if (re.test(t) && index < count) return index;
  const numbered = t.match(/^(?:(?:option|choix|numero|number|no|n)\s*)?(\d)$/);
  if (numbered) {
    const index = Number(numbered[1]) - 1;
    if (index >= 0 && index < count) return index;
  }
  return null;
}

const NAME_PREFIX =
  /^(?:(?:oui|yes|ok|bonjour|hello|hi)[,.!\s]+)?(?:je m'appelle|je m appelle|mon nom est|mon nom c'est|moi c'est|c'est|je suis|au nom de|a mon nom|my name is|my name's|name is|the name is|i am|i'm|im|this is|it's|it is|under the name|under)\s+/;

/** Words that answer something else and must not be taken for a name. */
const NOT_NAME_WORDS = new Set(
  (
    "oui non yes no ok okay merci thanks bonjour hello hi rendez vous rdv appointment book reserver demain tomorrow " +
    "aujourd hui today lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday " +
    "saturday sunday matin morning soir evening heure heures hours annuler cancel humain human agent quoi what " +
    "pourquoi why comment how je i vous you voudrais would like want veux pour for le la les the un une a an " +
    "horaires adresse address open ouvert"
  ).split(" "),
);

function titleCase(name: string): string {
  if (name !== name.toLowerCase() && name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** A person's name from "Marie Curie", "Je m'appelle Marie Curie", "my name is John", … */
export function extractName(message: string): string | null {
  const raw = message.trim().replace(/\s+/g, " ");
  const normalized = normalizeText(raw);
  const prefix = normalized.match(NAME_PREFIX);
  // The prefix is matched on the normalized text; its word count locates the name in the raw text.
  let candidate = raw;
  if (prefix) {
    const skip = prefix[0].trim().split(/[\s]+/).length;
    candidate = raw.split(" ").slice(skip).join(" ");
  }
  candidate = candidate.split(/[,;\n]|\s+(?:et|and)\s+|\d/)[0]!.replace(/[.!?:)(]+$/g, "").trim();
  if (!/^\p{L}[\p{L}'’ .-]{0,60}$/u.test(candidate)) return null;
  const words = candidate.split(" ").filter(Boolean);
  if (words.length < 1 || words.length > 5) return null;
  const normalizedWords = wordsOf(normalizeText(candidate));
  if (normalizedWords.some((w) => NOT_NAME_WORDS.has(w))) return null;
  return titleCase(candidate);
}

/** E.164 form of a phone number given by a provider ("whatsapp:+41…") or typed by a caller ("079 123 45 67"). */
export function normalizePhone(raw: string | undefined | null, region: CountryCode): string | null {
  if (!raw) return null;
  const text = raw.replace(/^whatsapp:/i, "").trim();
  const parsed = parsePhoneNumberFromString(text, region);
  if (parsed?.isValid()) return parsed.number;
  return /^\+\d{6,15}$/.test(text) ? text : null;
}

/** The first valid phone number in a message, in E.164. */
export function extractPhone(message: string, region: CountryCode): string | null {
  for (const found of findPhoneNumbersInText(message, region)) {
    if (found.number.isValid()) return found.number.number;
  }
  return null;
}
