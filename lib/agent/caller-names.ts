import { normalizeText, wordsOf } from "./normalize-text";

/*
 * A caller's name, from the answer to "what name?" ("Marie Curie", "c'est
 * Jeanne Roux, 079…") or, at any point, from a message that introduces it
 * ("je m'appelle…", "my name is…", "this is Jane Roe").
 */

const NAME_PREFIX =
  /^(?:(?:oui|yes|ok|bonjour|hello|hi)[,.!\s]+)?(?:je m'appelle|je m appelle|mon nom est|mon nom c'est|moi c'est|c'est au nom de|c'est pour|c'est|je suis|au nom de|a mon nom|pour|my name is|my name's|name is|the name is|i am|i'm|im|this is|it's for|it is for|it's|it is|put it under|book it under|under the name|under|for|name|nom)\s+/;

/** Words that answer something else (a yes, a time, a phone number) and must not be taken for a name. */
const NOT_NAME_WORDS = new Set(
  (
    "oui non yes no ok okay sure merci thanks bonjour hello hi rendez vous rdv appointment book reserver demain tomorrow " +
    "bon bah euh hum alors donc voila well so yeah yep fine good great perfect parfait super genial nickel garde keep " +
    "mon ma mes son sa ses fils fille mari femme mere pere enfant bebe my his her daughter husband wife mother father kid child baby " +
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
  /[,;:\n]|[.!?](?=\s)|\s+(?:and|et)\s+|\s+(?=(?:my|mon|ma)\s+(?:phone|cell|mobile|number|num[ée]ro|t[ée]l[ée]phone|t[ée]l|portable|natel)\b)/i;

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


const GREETING_WORDS = new Set(["bonjour", "bonsoir", "hello", "hi", "hey", "allo", "salut"]);

/** Cues that introduce a name at any point of a conversation, at the start of a clause. */
const INTRODUCTION =
  /(?:^|[,.;!?]\s*|\b(?:bonjour|bonsoir|salut|hello|hi|hey|allo|oui|yes)\s+)(je m'appelle|je m appelle|elle s'appelle|il s'appelle|mon nom est|mon nom c'est|son nom est|son nom c'est|le nom c'est|moi c'est|c'est au nom de|au nom de|my name is|my name's|her name is|his name is|she's called|he's called|the name is|name is|name's|under the name|this is|it's|its|je suis|i am|i'm|c'est|c)\s+/i;

/** Cues unambiguous enough to introduce a name mid-sentence: "consultation mercredi 10h au nom de Zoé Brun". */
const INTRODUCTION_ANYWHERE = /\b(je m'appelle|je m appelle|mon nom est|mon nom c'est|au nom de|my name is|my name's|under the name)\s+/i;

/** Cues that introduce a name only when it is written with a capital ("je suis Marie", not "je suis disponible"). */
const WEAK_CUES = new Set(["this is", "it's", "its", "je suis", "i am", "i'm", "c'est", "c"]);

/** "Jane Roe here, …", "Marie Curie à l'appareil": a capitalized name before its cue, at the start. */
const NAME_THEN_CUE = /^(?:(?:[Bb]onjour|[Bb]onsoir|[Hh]ello|[Hh]i|[Hh]ey|[Aa]llo|[Ss]alut|[Ss]alam)[,!.]?\s+)?(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]*){0,2})\s+(?:here|ici|speaking|calling|à l'appareil|a l'appareil)\b/u;

/**
 * "Marie Dubois, 079 555 12 34, je voudrais…", "Ben Cole 416 555 0155 cleaning…":
 * a capitalized name opening the message, straight before a phone number.
 */
const NAME_THEN_PHONE =
  /^(?:(?:[Bb]onjour|[Bb]onsoir|[Hh]ello|[Hh]i|[Hh]ey|[Aa]llo|[Ss]alut|[Ss]alam)[,!.]?\s+)?(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]*){0,2})\s*[,:;-]?\s*(?=\+?\(?\d(?:[\d\s().-]){7,})/u;

/** Words that end a name said in a longer sentence: "my name is Jane Roe and I'd like…". */
const NAME_STOP = new Set(
  (
    "et and je j i id im would voudrais veux want need besoin like calling speaking here ici from pour for with avec " +
    "my mon ma please svp merci thanks au at who qui il is est but mais so donc"
  ).split(" "),
);

/**
 * A name introduced with its cue anywhere in the message ("Bonjour, je
 * m'appelle Marie Curie et je voudrais…", "Hi, this is Jane Roe"), or null.
 */
export function introducedName(message: string): string | null {
  const raw = message.replace(/[’]/g, "'").replace(/\s+/g, " ");
  const before = raw.trim().match(NAME_THEN_CUE) ?? raw.trim().match(NAME_THEN_PHONE);
  if (before?.[1] && !wordsOf(normalizeText(before[1])).some((w) => NOT_NAME_WORDS.has(w) || GREETING_WORDS.has(w))) return titleCase(before[1]);
  const cue = raw.match(INTRODUCTION) ?? raw.match(INTRODUCTION_ANYWHERE);
  if (!cue || cue.index === undefined) return null;
  const name: string[] = [];
  for (const word of raw.slice(cue.index + cue[0].length).split(" ")) {
    const clean = word.replace(/[,.;!?:)(]+$/g, "");
    const normalized = normalizeText(clean);
    if (!clean || !/^\p{L}[\p{L}'-]*$/u.test(clean) || NAME_STOP.has(normalized) || NOT_NAME_WORDS.has(normalized)) break;
    name.push(clean);
    if (clean !== word || name.length === 4) break;
  }
  if (!name.length) return null;
  if (WEAK_CUES.has(cue[1]!.toLowerCase()) && !/^\p{Lu}/u.test(name[0]!)) return null;
  return titleCase(name.join(" "));
}
