import { editDistance } from "./service-matcher";

/* Comparing a word as said with a word of a staff member's name. */

/**
 * How a name sounds, for what speech-to-text and spelling change without
 * changing the name: "Carine" for Karine, "Sofia" for Sophia, "Samy" for
 * Sami, "Mohammed" for Mohamed, "Elene" for Hélène.
 */
export function soundKey(word: string): string {
  return word
    .replace(/ph/g, "f")
    .replace(/qu|ck|c(?=[aou]|$|[^eiyh])|q/g, "k")
    .replace(/th/g, "t")
    .replace(/(?<![cs])h/g, "")
    .replace(/y/g, "i")
    .replace(/w/g, "v")
    .replace(/(.)\1+/g, "$1")
    .replace(/(?<=...)e$/, "");
}

/**
 * A word as said against a word of a name: exact; or sounding the same, or
 * one typo (two in long names), once a cue or the word standing alone says a
 * name is meant.
 */
export function sameWord(said: string, name: string, fuzzy: boolean): 0 | 1 | 2 {
  if (said === name) return 2;
  if (!fuzzy || /\d/.test(name) || said.length < 3) return 0;
  if (name.length >= 3 && soundKey(said) === soundKey(name)) return 1;
  if (name.length < 5 || said.length < 4) return 0;
  const allowed = name.length >= 9 ? 2 : 1;
  return Math.abs(said.length - name.length) <= allowed && editDistance(said, name) <= allowed ? 1 : 0;
}
