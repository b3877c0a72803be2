import { normalizeText } from "./normalize-text";
import { readStaffMention, saysIndifferent, type NamedResource, type StaffMention } from "./staff-matcher";

/*
 * A phrase known to be about who, not a whole message: the voice tools'
 * `staff` argument, model mode's staff field. There "same as last time" can
 * only mean the person, "not Julien" names Julien, and a role alone ("la
 * dentiste", "the stylist") asks for nobody in particular.
 */

const SAME_AGAIN =
  /^(?:the )?same(?: one| again)?(?: as (?:last time|before|usual|always))?$|^(?:le |la )?meme(?: que (?:la derniere fois|d habitude))?$|^comme (?:la derniere fois|d habitude)$|^(?:celui|celle) (?:de )?d habitude$/;

/** Words before a name that turn the person down: "not", "anyone but", "n'importe qui sauf". */
const TURNED_DOWN = /^\s*(?:(?:n['’ ]?importe qui|anyone|anybody|whoever)\s+)?(?:not|pas|sauf|except|excepté|sans|without|but|other than|autre que)\s+(?:(?:avec|with|chez)\s+)?/i;

/** The mention in `said`; a name matching nobody comes back with no ids, for "nobody called …". */
export function readStaffArgument(said: string, people: NamedResource[]): StaffMention | null {
  const span = { start: 0, end: said.length };
  const mention = readStaffMention(said, people);
  if (mention) return mention;
  if (SAME_AGAIN.test(normalizeText(said))) return { kind: "usual", span };
  if (saysIndifferent(said)) return { kind: "anyone", span };
  const rest = said.replace(TURNED_DOWN, "");
  const unknown = readStaffMention(`avec ${rest}`, []);
  if (unknown?.kind !== "named") return null;
  return { ...unknown, excluded: rest !== said, span };
}
