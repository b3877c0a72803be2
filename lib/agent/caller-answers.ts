import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { normalizeText } from "./normalize-text";

/*
 * Short answers to the agent's own questions: yes or no, which of the offered
 * options, a phone number. Names: caller-names.ts.
 */

export type YesNo = "yes" | "no";

// Negations that mean yes ("pas de problème") are read before plain negations.
const YES_DESPITE_NEGATION =
  /\b(pas de (probleme|souci)|sans (probleme|souci)|no (problem|worries)|pourquoi pas|why not|not a problem)\b/;
const NO =
  /\b(non|no|nope|nah|pas|jamais|negatif|not|don't|dont|do not|never|aucun|aucune|ne veux|plus besoin|laissez tomber|forget it)\b/;
const YES =
  /\b(oui|ouais|ouep|yes|yeah|yep|yup|ya|ok|okay|okey|d'accord|daccord|dac|parfait|exactement|exact|bien sur|volontiers|confirme|confirmer|je confirme|c'est bon|c'est ca|c'est parfait|ca marche|ca me va|ca va|tres bien|entendu|impeccable|allez-y|allez y|go|sure|correct|confirm|confirmed|right|sounds good|go ahead|absolutely|please do|great|perfect|fine|of course|that works|works for me|certainly|super|nickel|genial|top|avec plaisir|bien|vas[- ]?y|k|kk|oki|okidoki|ouaip|dacc|d'acc|carrement|evidemment|alright|all right|aight|yea|yess|yesss|go for it|do it|book it)\b/;

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
