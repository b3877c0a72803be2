import { wordsOf } from "./normalize-text";

/*
 * A phone number said in words, as a voice transcript writes it: "zéro
 * septante-neuf, cinq cent cinquante-cinq, douze, trente-quatre", "four one
 * six, five five five, oh one double eight". Swiss and Belgian French
 * (septante, huitante, nonante) and France's (soixante-dix, quatre-vingt-dix)
 * alike. Works on normalized text.
 */

const UNITS: Record<string, number> = {
  zero: 0, oh: 0, o: 0, un: 1, une: 1, one: 1, deux: 2, two: 2, trois: 3, three: 3, quatre: 4, four: 4, cinq: 5, five: 5,
  six: 6, sept: 7, seven: 7, huit: 8, eight: 8, neuf: 9, nine: 9,
};
const TEENS: Record<string, number> = {
  dix: 10, ten: 10, onze: 11, eleven: 11, douze: 12, twelve: 12, treize: 13, thirteen: 13, quatorze: 14, fourteen: 14,
  quinze: 15, fifteen: 15, seize: 16, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  vingt: 20, vingts: 20, twenty: 20, trente: 30, thirty: 30, quarante: 40, forty: 40, cinquante: 50, fifty: 50, soixante: 60,
  sixty: 60, septante: 70, seventy: 70, huitante: 80, octante: 80, eighty: 80, nonante: 90, ninety: 90,
};
const HUNDRED = new Set(["cent", "cents", "hundred"]);
const REPEAT: Record<string, number> = { double: 2, triple: 3 };
const JOINERS = new Set(["et", "and"]);

/** The digits a message says in words ("+" kept for "plus"), or null when it is not mostly a number. */
export function spokenDigits(normalized: string): string | null {
  const words = wordsOf(normalized.replace(/\+/g, " plus "));
  let out = "";
  let current: number | null = null;
  // Whether `current` may still take a smaller part: "trente" + "quatre", "cent" + "douze", "soixante" + "dix".
  let open = false;
  let repeat = 1;
  let numeric = 0;
  const flush = () => {
    if (current !== null) out += String(current);
    current = null;
    open = false;
  };
  for (const word of words) {
    if (word === "plus" && !out && current === null) {
      out = "+";
      numeric += 1;
    } else if (word in REPEAT) {
      flush();
      repeat = REPEAT[word]!;
      numeric += 1;
    } else if (word in UNITS) {
      const unit = UNITS[word]!;
      if (current !== null && open && unit > 0) {
        current += unit;
        open = false;
      } else {
        flush();
        out += String(unit).repeat(repeat - 1);
        current = unit;
      }
      repeat = 1;
      numeric += 1;
    } else if (word in TEENS) {
      const teen = TEENS[word]!;
      if (current !== null && open && current % 20 === 0 && teen < 20 && current % 100 !== 0) current += teen;
      else if (current !== null && open && current % 100 === 0) current += teen;
      else {
        flush();
        current = teen;
      }
      open = teen === 10;
      numeric += 1;
    } else if (word in TENS) {
      const tens = TENS[word]!;
      if (current === 4 && tens === 20) current = 80;
      else if (current !== null && open && current % 100 === 0) current += tens;
      else {
        flush();
        current = tens;
      }
      open = true;
      numeric += 1;
    } else if (HUNDRED.has(word)) {
      current = current !== null && current >= 1 && current <= 9 ? current * 100 : (flush(), 100);
      open = true;
      numeric += 1;
    } else if (!JOINERS.has(word)) {
      flush();
    }
  }
  flush();
  const digits = out.replace(/[^\d]/g, "");
  return digits.length >= 7 && numeric >= words.length * 0.6 ? out : null;
}
