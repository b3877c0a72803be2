import { TIME_WORDS } from "./intents";
import { normalizeText } from "./normalize-text";
import { sameWord } from "./staff-names";
import {
  ANYONE,
  CUE_AFTER,
  CUE_BEFORE,
  EXCLUDED_BEFORE,
  FILLER,
  HARD_CUE_BEFORE,
  INDIFFERENT,
  NOT_A_NAME,
  SOMEONE_ELSE,
  TITLES,
  USUAL,
} from "./staff-words";

/*
 * Who the caller asks for, read against the tenant's resource names: "avec
 * Karim", "chez le docteur Martin", "with Dr. Martin please", "Karim if
 * possible", "pas Karim", "n'importe qui", "someone else". Case, accents,
 * titles and a typo after a cue are forgiven; a first name alone is enough
 * when it is unique, and several matches come back for the dialogue to ask.
 */

export interface NamedResource {
  id: string;
  name: string;
  kind: "staff" | "room";
}

/** Where in the message the mention is, so other readings (the caller's name, an unknown service) can skip it. */
export interface Span {
  start: number;
  end: number;
}

/**
 * How sure the mention is: after a cue ("avec Karim"), said alone with
 * fillers ("Karim svp"), a full name or title ("Sonia Benali", "Dr Martin"),
 * or bare inside a sentence (kept only for a question asking who).
 */
export type MentionStrength = "cued" | "alone" | "full" | "bare";

export type StaffMention =
  | { kind: "anyone"; span: Span }
  | { kind: "someone_else"; span: Span }
  /** "Celui de d'habitude", "the same person as last time": the client's last person, looked up by the dialogue. */
  | { kind: "usual"; span: Span }
  /** `ids`: the resources it can mean (none: nobody of that name; several: ask which). */
  | { kind: "named"; said: string; ids: string[]; excluded: boolean; strength: MentionStrength; span: Span };

interface Token {
  raw: string;
  word: string;
  start: number;
  end: number;
  /** Offset in the joined word text. */
  at: number;
}

interface NameModel {
  id: string;
  kind: "staff" | "room";
  title: string | null;
  core: string[];
}

const TIME_WORD = new RegExp(`^${TIME_WORDS.source.replace(/^\\b|\\b$/g, "")}$`);
/** Words that may stand before a name and go with it when the mention is cut out. */
const LEAD_WORDS = new Set(["avec", "chez", "with", "by", "par", "le", "la", "l", "the", "pas", "not", "sauf", "except", "but", "sans", "without", ...Object.keys(TITLES)]);

function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = normalizeText(m[0]).replace(/[^a-z0-9]/g, "");
    if (!word) continue;
    const start = m.index ?? 0;
    out.push({ raw: m[0], word, start, end: start + m[0].length, at });
    at += word.length + 1;
  }
  return out;
}

const wordText = (tokens: Token[]) => tokens.map((t) => t.word).join(" ");

function modelOf(r: NamedResource): NameModel {
  const words = tokensOf(r.name).map((t) => t.word);
  let title: string | null = null;
  while (words.length > 1 && TITLES[words[0]!]) title ??= TITLES[words.shift()!]!;
  return { id: r.id, kind: r.kind, title, core: words };
}

interface Candidate {
  id: string;
  score: number;
  length: number;
  full: boolean;
}

/** The resources the words from `i` on can name, best first, and how many words they take. */
function candidatesAt(tokens: Token[], i: number, models: NameModel[], fuzzy: boolean): Candidate[] {
  const said = tokens[i]!.word;
  const titleSaid = i > 0 ? TITLES[tokens[i - 1]!.word] : undefined;
  const found: Candidate[] = [];
  for (const m of models) {
    let best: Candidate | null = null;
    for (let k = 0; k < m.core.length; k++) {
      const first = sameWord(said, m.core[k]!, fuzzy);
      if (!first) continue;
      let length = 1;
      let score = first === 2 ? 1 : 0.8;
      while (k + length < m.core.length && i + length < tokens.length) {
        const next = tokens[i + length]!.word;
        const want = m.core[k + length]!;
        const same = sameWord(next, want, fuzzy);
        if (same) {
          score += same === 2 ? 1 : 0.8;
          length++;
        } else if (next.length === 1 && want.startsWith(next)) {
          // "Sonia B": an initial tells two Sonias apart.
          score += 0.5;
          length++;
          break;
        } else break;
      }
      const whole = k === 0 && length === m.core.length;
      if (m.kind === "room" && !whole) continue;
      if (length === 1 && (said.length < 2 || /^\d+$/.test(said) || NOT_A_NAME.has(said) || FILLER.has(said))) continue;
      if (titleSaid && m.title === titleSaid) score += 0.5;
      const candidate = { id: m.id, score, length, full: (whole && m.core.length > 1) || (!!titleSaid && m.title === titleSaid) };
      if (!best || candidate.score > best.score) best = candidate;
    }
    if (best) found.push(best);
  }
  const top = Math.max(...found.map((c) => c.score));
  return found.filter((c) => c.score === top);
}

/** Where a mention starts once the cue and title words before it are taken along. */
function leadStart(tokens: Token[], i: number): number {
  let j = i;
  while (j > 0 && i - j < 4 && LEAD_WORDS.has(tokens[j - 1]!.word)) j--;
  return j;
}

function titleCase(raw: string): string {
  return raw.charAt(0).toUpperCase() + raw.slice(1);
}

function spanOf(tokens: Token[], from: number, to: number): Span {
  return { start: tokens[from]!.start, end: tokens[to - 1]!.end };
}

/** The tokens a regular expression's match over the word text covers. */
function matchSpan(tokens: Token[], re: RegExp): Span | null {
  const m = re.exec(wordText(tokens));
  if (!m) return null;
  const from = tokens.findIndex((t) => t.at + t.word.length > m.index);
  const endAt = m.index + m[0].length;
  let to = from;
  while (to < tokens.length && tokens[to]!.at < endAt) to++;
  return from < 0 ? null : spanOf(tokens, from, Math.max(to, from + 1));
}

export interface StaffReadingOptions {
  /** The caller's own name, which is never a request for a person. */
  callerName?: string | null;
  /** Words that name something else (a service), so they are never taken for an unknown person. */
  otherWords?: (word: string) => boolean;
}

/**
 * The person the message asks for, or null. Several mentions: one excluding
 * someone wins, else the last ("avec Karim, non plutôt Sonia").
 */
export function readStaffMention(message: string, resources: NamedResource[], options: StaffReadingOptions = {}): StaffMention | null {
  let text = message;
  if (options.callerName) {
    const at = text.toLowerCase().indexOf(options.callerName.toLowerCase());
    if (at >= 0) text = text.slice(0, at) + " ".repeat(options.callerName.length) + text.slice(at + options.callerName.length);
  }
  const tokens = tokensOf(text);
  const models = resources.map(modelOf);
  const named: Array<Extract<StaffMention, { kind: "named" }>> = [];
  for (let i = 0; i < tokens.length; i++) {
    const prefix = i ? `${wordText(tokens.slice(0, i))} ` : "";
    const cuedBefore = CUE_BEFORE.test(prefix);
    const excluded = EXCLUDED_BEFORE.test(prefix);
    const exact = candidatesAt(tokens, i, models, false);
    // A near name counts after a cue ("avec carine") or said on its own ("Sofia svp"), never inside a sentence.
    const near = exact.length ? [] : candidatesAt(tokens, i, models, true);
    const nearLength = near.length ? Math.max(...near.map((c) => c.length)) : 0;
    const nearAlone = near.length > 0 && isAlone(tokens, leadStart(tokens, i), i + nearLength);
    const candidates = exact.length ? exact : cuedBefore || excluded || nearAlone || CUE_AFTER.test(wordText(tokens.slice(i + nearLength))) ? near : [];
    if (!candidates.length) continue;
    const length = Math.max(...candidates.map((c) => c.length));
    const suffix = wordText(tokens.slice(i + length));
    const start = leadStart(tokens, i);
    const alone = isAlone(tokens, start, i + length);
    // "Pas Karim", "anyone but Karim": the negation is as plain a cue as "avec".
    // A near name said on its own ("Carine") may be the caller's own: it answers "with whom?" only.
    const strength: MentionStrength =
      cuedBefore || excluded || CUE_AFTER.test(suffix) ? "cued" : !exact.length ? "bare" : candidates.some((c) => c.full) ? "full" : alone ? "alone" : "bare";
    named.push({
      kind: "named",
      said: tokens.slice(i, i + length).map((t) => titleCase(t.raw)).join(" "),
      ids: candidates.map((c) => c.id),
      excluded,
      strength,
      span: spanOf(tokens, start, i + length),
    });
    i += length - 1;
  }
  const excluding = named.find((m) => m.excluded);
  if (excluding) return excluding;
  const sure = named.filter((m) => m.strength !== "bare");
  if (sure.length) return sure[sure.length - 1]!;
  const usual = matchSpan(tokens, USUAL);
  if (usual) return { kind: "usual", span: usual };
  const someoneElse = matchSpan(tokens, SOMEONE_ELSE);
  if (someoneElse) return { kind: "someone_else", span: someoneElse };
  const anyone = matchSpan(tokens, ANYONE);
  if (anyone) return { kind: "anyone", span: anyone };
  if (named.length) return named[named.length - 1]!;
  return unknownName(tokens, options);
}

/** Whether the words outside [from, to) are only fillers, times and numbers: the name is said on its own. */
function isAlone(tokens: Token[], from: number, to: number): boolean {
  return [...tokens.slice(0, from), ...tokens.slice(to)].every((t) => FILLER.has(t.word) || TIME_WORD.test(t.word) || /\d/.test(t.word));
}

/** "Avec Julien" when nobody is called Julien: the name as said, for "we have nobody of that name". */
function unknownName(tokens: Token[], options: StaffReadingOptions): StaffMention | null {
  for (let i = 0; i < tokens.length; i++) {
    const prefix = i ? `${wordText(tokens.slice(0, i))} ` : "";
    if (!HARD_CUE_BEFORE.test(prefix)) continue;
    const token = tokens[i]!;
    const titled = i > 0 && !!TITLES[tokens[i - 1]!.word];
    const looksLikeName = (t: Token) =>
      /^[a-z]+$/.test(t.word) &&
      t.word.length >= (titled ? 2 : 3) &&
      !NOT_A_NAME.has(t.word) &&
      !FILLER.has(t.word) &&
      !TIME_WORD.test(t.word) &&
      !TITLES[t.word] &&
      !options.otherWords?.(t.word);
    if (!looksLikeName(token)) continue;
    const next = tokens[i + 1];
    const withNext = next && /^\p{Lu}/u.test(next.raw) && /^\p{Lu}/u.test(token.raw) && looksLikeName(next);
    const end = withNext ? i + 2 : i + 1;
    const said = tokens.slice(i, end).map((t) => titleCase(t.raw)).join(" ");
    return { kind: "named", said, ids: [], excluded: EXCLUDED_BEFORE.test(prefix), strength: "cued", span: spanOf(tokens, leadStart(tokens, i), end) };
  }
  return null;
}

/** "Peu importe", "either", "no preference": does not mind who, when the question was with whom. */
export function saysIndifferent(message: string): boolean {
  return INDIFFERENT.test(wordText(tokensOf(message)));
}

/**
 * Whom a caller may ask for: a tenant's resources once it has more than its
 * default diary, without that diary while it still bears the business's own
 * name (nobody asks for "Salon Amel", and "booked with Salon Amel" says
 * nothing). A single-diary tenant gets nobody, so it never hears of staff.
 */
export function askablePeople<R extends NamedResource & { isDefault: boolean; active: boolean }>(facts: { resources: R[]; businessName: string }): R[] {
  const active = facts.resources.filter((r) => r.active);
  if (active.length < 2) return [];
  const business = normalizeText(facts.businessName);
  const people = active.filter((r) => !(r.isDefault && normalizeText(r.name) === business));
  return people.some((r) => r.kind === "staff") ? people : [];
}
