import type { WhenRequest } from "./dates/when";
import type { YesNo } from "./caller-answers";
import type { StaffMention } from "./staff-matcher";
import type { ServiceFact } from "./tenant-facts";

/*
 * What a caller's message says, in the terms the dialogue acts on. The keyword
 * rules (understanding.ts) read it by default; in model mode a model reads it
 * (model-understanding.ts), and the dialogue does the rest the same way.
 */

export type CallerIntent =
  | "handoff"
  | "emergency"
  | "cancel"
  | "move"
  | "my_appointments"
  | "hours"
  | "open_now"
  | "address"
  | "directions"
  | "prices"
  | "services"
  | "duration"
  | "book"
  | "thanks"
  | "goodbye"
  | "greeting";

export interface Understanding {
  message: string;
  /** The message normalized (lower case, no accents); FAQ matching reads it. */
  text: string;
  /** A message may carry several ("annuler… ou plutôt parler à quelqu'un"); the dialogue decides which wins. */
  intents: ReadonlySet<CallerIntent>;
  when: WhenRequest | null;
  /** The offered service the message names (the most specific one). */
  service: ServiceFact | null;
  /** Every offered service it names ("combien pour une coupe et une couleur"). */
  services: ServiceFact[];
  /**
   * Something asked for that the tenant does not offer, with the caller's
   * word when it is a known service ("massage"), else null.
   */
  unknownService: { term: string | null } | null;
  /** A booking verb, a service or a moment: the message can start or continue a booking. */
  bookingSignal: boolean;
  /** "non plutôt…", "actually…", "finalement…": the caller changes something already said. */
  correction: boolean;
  yesNo: YesNo | null;
  /** A name, when the message may be one: never from a message carrying a correction, a time or a yes/no. */
  name: string | null;
  /** The name came with its cue ("je m'appelle…", "my name is…"), so it counts at any step. */
  nameIntroduced: boolean;
  /** E.164. */
  phone: string | null;
  /** The person asked for ("avec Karim", "anyone"); always null for a tenant with fewer than two staff. */
  staff: StaffMention | null;
  /** Index (0-based) of the option chosen among `count` offered, if the message picks one. */
  choice(count: number): number | null;
}
