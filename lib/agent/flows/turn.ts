import type { Channel } from "@/lib/db/generated/client";
import { wallClockAt, type AppointmentSummary, type Booking, type Slot } from "@/lib/booking";
import type { DialogueState, DialogueStep } from "../dialogue-state";
import type { ClientRecord, DialogueStore } from "../dialogue-store";
import { formatDateTime, formatSlotList, joinAlternatives } from "../formatting";
import type { AgentLocale } from "../language";
import { repliesFor, type Replies } from "../replies";
import { askablePeople } from "../staff-matcher";
import { serviceName, type ResourceFact, type ServiceFact, type TenantFacts } from "../tenant-facts";
import type { Understanding } from "../understanding-types";

export interface DialogueInput {
  channel: Channel;
  conversationId: string;
  /**
   * The client read with the conversation: the one an earlier turn linked to
   * it, else the one whose phone is the caller's (caller id, widget, or the
   * number the conversation already gathered).
   */
  knownClient: ClientRecord | null;
  message: string;
  callerPhone?: string;
  locale?: AgentLocale;
  client?: { name?: string; phone?: string; email?: string };
  now: Date;
  /**
   * The message as read before the turn (model mode), with the language the
   * reader found; without it the keyword rules read the message here.
   */
  understood?: { understanding: Understanding; language: AgentLocale | null };
}

export interface DialogueDeps {
  store: DialogueStore;
  booking: Booking;
  facts: TenantFacts;
}

/**
 * One turn in progress: the state being changed, what the turn has done so
 * far (client, appointment, hand-off), and the helpers every flow uses to
 * ask, say and format. Flows (caller, information, booking, appointment
 * change) are functions of a Turn.
 */
export class Turn {
  readonly r: Replies;
  clientId: string | null = null;
  returning = false;
  appointment: AppointmentSummary | null = null;
  handoff = false;
  transferPhone: string | undefined;
  understood = true;
  /** The caller gave a name or phone number this turn: not understanding the rest is no misunderstanding. */
  volunteered = false;

  constructor(
    readonly deps: DialogueDeps,
    readonly state: DialogueState,
    readonly input: DialogueInput,
    readonly locale: AgentLocale,
  ) {
    this.r = repliesFor(locale);
  }

  get facts(): TenantFacts {
    return this.deps.facts;
  }

  get voice(): boolean {
    return this.input.channel === "voice";
  }

  /** The tenant's wall clock now. */
  today() {
    return wallClockAt(this.input.now, this.facts.timeZone);
  }

  /** Moves to `step` (null ends the flow) and says `text`, after any notes; the prompt is repeated if the answer is not understood. */
  ask(step: DialogueStep | null, text: string, prompt: string = text, notes: string[] = []): string {
    this.state.step = step ? { ...step, prompt } : null;
    return [...notes, text].join(" ");
  }

  /** Ends the flow with a reply that asks nothing. */
  done(text: string): string {
    this.state.step = null;
    return text;
  }

  handOff(afterConfusion: boolean): string {
    this.handoff = true;
    this.understood = true;
    this.state.step = null;
    if (this.voice && this.facts.transferPhone) this.transferPhone = this.facts.transferPhone;
    return afterConfusion ? this.r.handoffAfterConfusion(this.voice) : this.voice ? this.r.handoffVoice() : this.r.handoffText();
  }

  /** An emergency: the number to call first, then a human at once. */
  emergency(): string {
    this.handOff(false);
    return this.r.emergency(this.facts.emergencyNumbers, this.voice);
  }

  /** Not understood: say so and repeat the question; the second time in a row, hand over. */
  confused(prompt: string | null | undefined): string {
    if (this.volunteered && prompt) return prompt;
    this.understood = false;
    this.state.misunderstandings += 1;
    if (this.state.misunderstandings >= 2) {
      this.state.misunderstandings = 0;
      const reply = this.handOff(true);
      this.understood = false;
      return reply;
    }
    return prompt ? this.r.notUnderstoodAgain(prompt) : this.r.misunderstood();
  }

  /** Records the appointment this turn wrote, its service named in the caller's language. */
  wrote(a: AppointmentSummary): void {
    this.appointment = { ...a, service: this.serviceName(a.serviceId, a.service) };
  }

  /** The people a caller may ask for by name; empty for a single-diary tenant, which never hears of staff. */
  get people(): ResourceFact[] {
    return askablePeople(this.facts);
  }

  person(id: string | null | undefined): ResourceFact | undefined {
    return id ? this.people.find((r) => r.id === id) : undefined;
  }

  /** The person the caller asked for, if one. */
  get requestedPerson(): ResourceFact | undefined {
    const staff = this.state.staff;
    return staff?.kind === "person" ? this.person(staff.id) : undefined;
  }

  /** "Karim, Sonia ou Léa": people, in the caller's language. */
  peopleList(people: ResourceFact[]): string {
    return joinAlternatives(
      people.map((p) => p.name),
      this.locale,
    );
  }

  service(id: string): ServiceFact | undefined {
    return this.facts.services.find((s) => s.id === id);
  }

  /** A service's name in the caller's language; `fallback` (e.g. the stored name) when it is no longer offered. */
  serviceName(id: string, fallback = ""): string {
    const service = this.service(id);
    return service ? serviceName(service, this.locale) : fallback;
  }

  serviceList(): string {
    return joinAlternatives(
      this.facts.services.map((s) => serviceName(s, this.locale)),
      this.locale,
    );
  }

  when(instant: Date | string): string {
    return formatDateTime(new Date(instant), this.facts.timeZone, this.locale);
  }

  slotList(slots: Array<Slot | string | Date>): string {
    return formatSlotList(
      slots.map((x) => (typeof x === "string" ? new Date(x) : x instanceof Date ? x : x.startsAt)),
      this.facts.timeZone,
      this.locale,
    );
  }
}
