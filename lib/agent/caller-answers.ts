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
  /^(?:(?:oui|yes|ok|bonjour|hello|hi)[,.!\s]+)?(?:je m'appelle|je m appelle|mon nom est|mon nom c'est|moi c'est|c'est|je suis|au nom de|a mon nom|my name is|my name's|name is|the name is|i am|i'm|im|this is|it's|it is|under the name|under|name|nom)\s+/;

/** Words that answer something else (a yes, a time, a phone number) and must not be taken for a name. */
const NOT_NAME_WORDS = new Set(
  (
    "oui non yes no ok okay sure merci thanks bonjour hello hi rendez vous rdv appointment book reserver demain tomorrow " +
    "aujourd hui today tonight lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday " +
    "saturday sunday matin morning soir evening afternoon apres midi noon minuit midnight heure heures hours hour " +
    "at around vers avant before after next prochain prochaine week semaine am pm " +
    "annuler cancel humain human agent quoi what pourquoi why comment how je i vous you voudrais would like want veux " +
    "pour for le la les the un une a an horaires adresse address open ouvert " +
    "number numero phone telephone tel cell mobile portable natel reach joindre joignable name nom " +
    // Months that are not also first names; "June" or "Mai" may well be one.
    "january february march july september october november december janvier fevrier mars juin juillet aout " +
    "septembre octobre novembre decembre"
  ).split(" "),
);

/** Words around a name that are not part of it: "Jane Roe here", "Jeanne Roux svp". */
const TRAILING_FILLER = /(?:\s+(?:here|ici|please|svp|s'il vous pla[iî]t|thanks|thank you|merci))+$/i;

/**
 * Where one part of a message ends and the next begins: punctuation, "and"/"et",
 * and the start of a phone cue ("Jane Roe my number is …").
 */
const PART_BREAK =
  /[,;:\n]|\s+(?:and|et)\s+|\s+(?=(?:my|mon|ma)\s+(?:phone|cell|mobile|number|num[ée]ro|t[ée]l[ée]phone|t[ée]l|portable|natel)\b)/i;

/** Digits with the separators people type in phone numbers, dates and times ("10h30", "4 p.m."). */
const DIGIT_RUN = /\+?\(?\d(?:[\d\s().\/:-]|h(?=\d|\b)|[ap]\.?m\b\.?)*/gi;

function titleCase(name: string): string {
  if (name !== name.toLowerCase() && name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** A name from one part of a message ("je m'appelle Marie Curie", "Jane Roe here"), or null. */
function nameInPart(part: string, isMoment: (text: string) => boolean): string | null {
  const raw = part.trim().replace(/\s+/g, " ").replace(/^(?:and|et)\s+/i, "");
  const prefix = normalizeText(raw).match(NAME_PREFIX);
  // The prefix is matched on the normalized text; its word count locates the name in the raw text.
  let candidate = raw;
  if (prefix) {
    const skip = prefix[0].trim().split(/[\s]+/).length;
    candidate = raw.split(" ").slice(skip).join(" ");
  }
  candidate = candidate.replace(/[.!?)(+]+$/g, "").trim().replace(TRAILING_FILLER, "").trim();
  if (!/^\p{L}[\p{L}'’ .-]{0,60}$/u.test(candidate)) return null;
  const words = candidate.split(" ").filter(Boolean);
  if (words.length < 1 || words.length > 5) return null;
  const normalizedWords = wordsOf(normalizeText(candidate));
  if (normalizedWords.some((w) => NOT_NAME_WORDS.has(w))) return null;
  if (isMoment(candidate)) return null;
  return titleCase(candidate);
}

/**
 * A person's name from "Marie Curie", "Je m'appelle Marie Curie", "my name is
 * John", also when the message carries a phone number before or after it
 * ("079 555 01 99, Jeanne Roux"). `isMoment` tells whether a piece of text
 * names a day or time ("next week", "noon"), which is never a name.
 */
export function extractName(message: string, isMoment: (text: string) => boolean = () => false): string | null {
  // Numbers are cut out first: what remains on either side of a phone number may be the name.
  const parts = message.replace(DIGIT_RUN, ",").split(PART_BREAK);
  for (const part of parts) {
    const name = nameInPart(part, isMoment);
    if (name) return name;
  }
  return null;
}

/** E.164 form of a phone number given by a provider ("whatsapp:+41…") or typed by a caller ("079 123 45 67"). */
export function normalizePhone(raw: string | undefined | null, region: CountryCode): string | null {
  if (!raw) return null;
  const text = raw.replace(/^whatsapp:/i, "").trim();
  const parsed = parsePhoneNumberFromString(text, region);
  if (parsed?.isValid()) return parsed.number;
  return /^\+\d{6,15}$/.test(text) ? text : null;
}

/** A date written with digits: "08.01.2030", "8/1/30", "2030-01-08". */
const DIGIT_DATE = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2})(?![./-]?\d)/;

/**
 * Whether digits libphonenumber took for a number are a date or a time:
 * "08.01.2030 10" before ":30" dials as a Swiss number, but nobody means it.
 */
function looksLikeDateOrTime(message: string, startsAt: number, endsAt: number): boolean {
  const span = message.slice(startsAt, endsAt);
  if (/[:h]/i.test(span) || DIGIT_DATE.test(span.replace(/^\+/, ""))) return true;
  const before = message.slice(Math.max(0, startsAt - 3), startsAt);
  const after = message.slice(endsAt, endsAt + 4);
  return /\d\s?:\s?$/.test(before) || /^\s?(?::|h\d|h\b|am\b|pm\b|a\.m|p\.m)/i.test(after);
}

/** The first valid phone number in a message, in E.164; digits that read as a date or time are skipped. */
export function extractPhone(message: string, region: CountryCode): string | null {
  for (const found of findPhoneNumbersInText(message, region)) {
    if (!found.number.isValid() || looksLikeDateOrTime(message, found.startsAt, found.endsAt)) continue;
    return found.number.number;
  }
  return null;
}
