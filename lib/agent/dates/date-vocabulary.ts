/*
 * The words callers use for days, months and numbers, including the short
 * and misspelled forms of text messages ("dem1", "tmrw", "mecredi"). Every
 * table works on normalized text (lower case, no accents).
 */

/** Rewrites applied before parsing, so the grammar only deals with one spelling. */
const SPELLINGS: Array<[RegExp, string]> = [
  [/\b(?:dem1|2main|dmain|demin|deman|dmn)\b/g, "demain"],
  [/\b(?:tmrw|tmr|tmrow|tomoro|tomorow|tommorow|tommorrow|tomorro|tomorrw|2moro|2morrow|2morow|tmw)\b/g, "tomorrow"],
  [/\b(?:auj|ajd|aujd|aujourdhui|aujourd hui|ajourd'hui|ojourd'hui)\b/g, "aujourd'hui"],
  [/\b(?:2day|tdy)\b/g, "today"],
  [/\b(?:2nite|tonite|2night)\b/g, "tonight"],
  [/\b(?:aprem|aprm|apres m|arvo)\b/g, "apres-midi"],
  [/\b(?:mecredi|mercredie|mercedi|mercrdi|mercreid)\b/g, "mercredi"],
  [/\b(?:lundie|lund)\b/g, "lundi"],
  [/\b(?:mardie)\b/g, "mardi"],
  [/\b(?:jeudie|jeuid)\b/g, "jeudi"],
  [/\b(?:vendredie|vendrdi|venderdi|vendedi|vdd)\b/g, "vendredi"],
  [/\b(?:samdi|smedi)\b/g, "samedi"],
  [/\b(?:dimache|dimanch)\b/g, "dimanche"],
  [/\b(?:tues|tue|tuesdy|teusday|tusday)\b/g, "tuesday"],
  [/\b(?:wed|weds|wenesday|wensday|wedensday|wednsday|wednesay|wendsday)\b/g, "wednesday"],
  [/\b(?:thurs|thur|thu|thrusday|thursay|thurday|thusday)\b/g, "thursday"],
  [/\b(?:fri|firday|fryday)\b/g, "friday"],
  [/\b(?:sat|saterday|satuday)\b/g, "saturday"],
  [/\b(?:sun)\b(?=\s+(?:\d|(?:at|morning|afternoon|evening|the)\b))/g, "sunday"],
  [/\b(?:mon)\b(?=\s+(?:\d|(?:at|morning|afternoon|evening|the)\b))/g, "monday"],
  [/\b(?:monady|mondy)\b/g, "monday"],
  [/\b(?:(\d{1,2})\s*hrs?)\b/g, "$1h"],
  [/\bo'?clock\b/g, "oclock"],
  [/\b(\d{1,2})ish\b/g, "$1 ish"],
  [/\bmidday\b/g, "noon"],
];

export function respell(normalized: string): string {
  return SPELLINGS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), normalized);
}

export const WEEKDAYS: Record<string, number> = {
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
  dimanche: 7,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

export const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

export const WEEKDAY_PATTERN = Object.keys(WEEKDAYS).join("|");
export const MONTH_PATTERN = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");
export const ORDINAL = String.raw`(?:er|re|eme|st|nd|rd|th)`;
/** What may follow a number that is an hour, not a day. */
export const TIME_MARK = String.raw`\s*(?:h\b|h\d|heures?\b|:|am\b|pm\b|oclock\b)`;

/** Hours and minutes said in words, per language, so an English "a" never reads a French number. */
const FRENCH_NUMBERS: Record<string, number> = {
  "vingt-trois": 23, "vingt trois": 23, "vingt-deux": 22, "vingt deux": 22, "vingt et une": 21, "vingt et un": 21,
  "dix-neuf": 19, "dix neuf": 19, "dix-huit": 18, "dix huit": 18, "dix-sept": 17, "dix sept": 17,
  "quarante-cinq": 45, "quarante cinq": 45, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7,
  huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20,
  trente: 30, quarante: 40, cinquante: 50,
};

const ENGLISH_NUMBERS: Record<string, number> = {
  "forty-five": 45, "forty five": 45, "twenty-five": 25, "twenty five": 25, "twenty-three": 23, "twenty three": 23,
  "twenty-two": 22, "twenty two": 22, "twenty-one": 21, "twenty one": 21, one: 1, two: 2, three: 3, four: 4, five: 5,
  six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15,
  sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
};

interface NumberLanguage {
  words: Record<string, number>;
  /** Words after which a number is an hour ("à", "at", "vers", "past"). */
  before: string;
  /** Words before which a number is an hour ("heures", "o'clock"). */
  after: string;
}

const LANGUAGES: NumberLanguage[] = [
  {
    words: FRENCH_NUMBERS,
    before: String.raw`(?:a|vers|apres|avant|moins|entre|jusqu'a|partir de)`,
    after: String.raw`(?:h\b|heures?\b|du matin|de l'apres-midi|du soir)`,
  },
  {
    words: ENGLISH_NUMBERS,
    before: String.raw`(?:at|around|about|past|to|of|until|till|before|after|from|by|between|and|half)`,
    after: String.raw`(?:oclock\b|am\b|pm\b|ish\b|in the (?:morning|afternoon|evening)|past\b|to\b)`,
  },
];

const alternation = (words: Record<string, number>) =>
  Object.keys(words)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/ /g, "\\s"))
    .join("|");

function convert(text: string, language: NumberLanguage): string {
  const words = alternation(language.words);
  const value = (word: string) => language.words[word.replace(/\s+/g, " ")];
  // "two thirty", "dix heures trente" are handled as hour then minutes.
  let out = text.replace(
    new RegExp(String.raw`\b(${words})\s+(?:(?:h|heures?)\s+)?(${words}|oh\s(?:${words}))\b(?!\s*(?:${MONTH_PATTERN})\b)`, "g"),
    (whole, h: string, m: string) => {
      const hour = value(h);
      const minute = m.startsWith("oh") ? value(m.slice(3)) : value(m);
      if (hour === undefined || minute === undefined || hour > 23 || minute < 5 || minute > 59 || hour === minute) return whole;
      return `${hour}:${String(minute).padStart(2, "0")}`;
    },
  );
  out = out.replace(new RegExp(String.raw`\b(${language.before})\s+(${words})\b`, "g"), (whole, cue: string, word: string) => {
    const n = value(word);
    // "à une", "at one" are more often "to a …" than one o'clock, which "une heure" / "one o'clock" still say.
    return n === undefined || n > 59 || n === 1 ? whole : `${cue} ${n}`;
  });
  out = out.replace(new RegExp(String.raw`\b(${words})\s*(?=${language.after})`, "g"), (whole, word: string) => {
    const n = value(word);
    return n === undefined || n > 23 ? whole : `${n} `;
  });
  return out;
}

/** Day numbers in words: "le quinze", "jeudi dix-sept", "the fifteenth", "le premier février". */
const FRENCH_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
const FRENCH_DAYS: Record<string, number> = Object.fromEntries([
  ...["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"].map((w, i) => [w, i + 1]),
  ["dix-sept", 17], ["dix-huit", 18], ["dix-neuf", 19], ["vingt", 20], ["trente", 30], ["premier", 1],
  ["vingt et un", 21], ["vingt-et-un", 21], ["trente et un", 31], ["trente-et-un", 31],
  ...FRENCH_UNITS.slice(2).map((u, i) => [`vingt-${u}`, 22 + i]),
]);
const ENGLISH_ORDINALS: Record<string, number> = Object.fromEntries([
  ..."first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
    .split(" ")
    .map((w, i) => [w, i + 1]),
  ..."first second third fourth fifth sixth seventh eighth ninth".split(" ").map((w, i) => [`twenty-${w}`, 21 + i]),
  ["thirtieth", 30], ["thirty-first", 31],
]);
const suffix = (n: number) => (n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th");
const dayWords = (words: Record<string, number>) =>
  Object.keys(words)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[- ]/g, "[- ]"))
    .join("|");
const DAY_CUE = String.raw`(?:le|du|au|pour le|the|on the|for the|${WEEKDAY_PATTERN})`;
const NOT_A_DAY = String.raw`(?!\s*(?:h\b|heures?|minutes?|ans|personnes?|fois|one\b|ones\b|option|choice|slot|creneau|o'?clock|oclock))`;
// "le premier", "the first", "the second" also pick among offered slots: a day only before a month.
const FRENCH_DAY = new RegExp(String.raw`\b(?:(${DAY_CUE})\s+)?(${dayWords(FRENCH_DAYS)})\b(?:(\s+(?:${MONTH_PATTERN})\b)|${NOT_A_DAY})`, "g");
const ENGLISH_DAY = new RegExp(String.raw`\b(?:(${DAY_CUE}|${MONTH_PATTERN})\s+)?(${dayWords(ENGLISH_ORDINALS)})\b(?:(\s+of\s+(?:${MONTH_PATTERN})\b)|${NOT_A_DAY})`, "g");

function dayNumbersToDigits(text: string): string {
  const convert = (words: Record<string, number>, ordinal: boolean) => (whole: string, cue: string | undefined, word: string, month: string | undefined) => {
    const n = words[word.replace(/\s+/g, " ")] ?? words[word.replace(/\s+/g, "-")];
    // Small numbers and first/second/third are days only with a month, or a cue for 2 and 3 in French.
    if (n === undefined || (!month && (!cue || (ordinal ? n <= 3 : n <= 1)))) return whole;
    if (!month && !ordinal && n <= 3 && /^(le|the)$/.test(cue ?? "")) return whole;
    return `${cue ? `${cue} ` : ""}${n}${ordinal ? suffix(n) : ""}${month ?? ""}`;
  };
  return text.replace(FRENCH_DAY, convert(FRENCH_DAYS, false)).replace(ENGLISH_DAY, convert(ENGLISH_ORDINALS, true));
}

/**
 * Hours and minutes said in words become digits where the context makes them
 * a time: "à trois heures et demie" → "a 3 heures et demie", "at two thirty"
 * → "at 2:30", "quarter to four" → "quarter to 4". "La première" or "sept
 * janvier" stay as they are.
 */
export function numberWordsToDigits(text: string): string {
  return LANGUAGES.reduce(convert, dayNumbersToDigits(text));
}
