import type { Channel } from "@/lib/db/generated/client";
import {
  AppointmentNotFoundError,
  ServiceNotFoundError,
  SlotUnavailableError,
  addDays,
  instantAt,
  isoWeekday,
  wallClockAt,
  type AppointmentSummary,
  type Booking,
  type Slot,
} from "@/lib/booking";
import { normalizePhone } from "./caller-answers";
import { PERIOD_WINDOWS, type WhenRequest } from "./date-parser";
import type { DialogueFlow, DialogueState, StoredWhen } from "./dialogue-state";
import type { ClientRecord, DialogueStore } from "./dialogue-store";
import { keywordsOf, matchFaq } from "./faq-matcher";
import { formatDateTime, formatDay, formatOpeningHours, formatSlotList, formatTime, joinAlternatives } from "./formatting";
import { detectLanguage, type AgentLocale } from "./language";
import { repliesFor, type Replies } from "./replies";
import type { TenantFacts } from "./tenant-facts";
import { hasMoment, understandMessage, type Understanding } from "./understanding";

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

export interface DialogueOutcome {
  reply: string;
  handoff: boolean;
  transferPhone?: string;
  appointment: AppointmentSummary | null;
  clientId: string | null;
  state: DialogueState;
}

type Signals = Understanding;

type TimeStep = { chosen: true } | { chosen: false; reply: string };

const iso = (d: Date) => d.toISOString();

/** A pause after which a conversation counts as a new visit. */
const RESUME_AFTER_MS = 2 * 60 * 60 * 1000;

/**
 * One turn of the conversation: reads the caller's message against the
 * dialogue state and the tenant's facts, acts through booking, and returns
 * the reply and the next state. The caller stores everything.
 */
export async function runDialogueTurn(
  deps: { store: DialogueStore; booking: Booking; facts: TenantFacts },
  state: DialogueState,
  input: DialogueInput,
): Promise<DialogueOutcome> {
  const turn = new DialogueTurn(deps.store, deps.booking, deps.facts, structuredClone(state), input);
  return turn.run();
}

class DialogueTurn {
  private locale: AgentLocale;
  private r: Replies;
  private clientId: string | null = null;
  private returning = false;
  private appointment: AppointmentSummary | null = null;
  private handoff = false;
  private transferPhone: string | undefined;
  private understood = true;

  constructor(
    private readonly store: DialogueStore,
    private readonly booking: Booking,
    private readonly facts: TenantFacts,
    private readonly state: DialogueState,
    private readonly input: DialogueInput,
  ) {
    // The conversation's language wins over the per-request hint: a widget
    // sends its page language on every message, even after the caller switched.
    const current = state.locale ?? input.locale ?? facts.defaultLocale;
    const said = input.understood ? input.understood.language : detectLanguage(input.message, current);
    this.locale = said ?? current;
    this.r = repliesFor(this.locale);
  }

  async run(): Promise<DialogueOutcome> {
    const resumed = this.isResumed();
    if (resumed) {
      // A WhatsApp thread lives for months: last week's "shall I book 10:00?" must not be confirmed today.
      this.state.flow = null;
      this.state.misunderstandings = 0;
    }
    const firstTurn = this.state.turns === 0 || resumed;
    await this.identifyCaller();
    const signals =
      this.input.understood?.understanding ??
      understandMessage(this.input.message, { now: this.input.now, locale: this.locale, facts: this.facts });
    let reply = await this.respond(signals);
    if (!this.clientId && this.state.caller.name && this.state.caller.phone) await this.ensureClient();
    if (firstTurn && this.returning && this.state.caller.name && !this.handoff) {
      reply = `${this.r.welcomeBack(this.state.caller.name)} ${reply}`;
    }
    this.state.locale = this.locale;
    this.state.turns += 1;
    this.state.lastTurnAt = this.input.now.toISOString();
    if (this.understood) this.state.misunderstandings = 0;
    return {
      reply,
      handoff: this.handoff,
      ...(this.transferPhone ? { transferPhone: this.transferPhone } : {}),
      appointment: this.appointment,
      clientId: this.clientId,
      state: this.state,
    };
  }

  private isResumed(): boolean {
    const last = this.state.lastTurnAt ? Date.parse(this.state.lastTurnAt) : NaN;
    return this.input.now.getTime() - last > RESUME_AFTER_MS;
  }

  // ------------------------------------------------------------ caller ---

  private async identifyCaller(): Promise<void> {
    const region = this.facts.region;
    const caller = this.state.caller;
    const phone =
      normalizePhone(this.input.callerPhone, region) ?? normalizePhone(this.input.client?.phone, region) ?? caller.phone;
    if (phone) caller.phone = phone;
    const givenName = this.input.client?.name?.trim();
    if (givenName && !caller.name) caller.name = givenName.slice(0, 200);
    const email = this.input.client?.email?.trim();
    if (email) caller.email = email.slice(0, 320);

    const known = this.input.knownClient;
    // Without a known client, nobody has the caller's phone (it was looked up with the conversation);
    // a known client whose phone is not the one given this turn may be someone else.
    const client = !known || !phone || !known.phone || known.phone === phone ? known : await this.store.clientByPhone(phone);
    if (client) {
      this.clientId = client.id;
      this.returning = !!client.name && (this.state.turns === 0 || this.isResumed());
      if (client.name) caller.name = client.name;
      if (client.phone) caller.phone = client.phone;
    } else if (caller.name && caller.phone) {
      await this.ensureClient();
    }
  }

  /** The caller's client row, created from what the conversation has gathered (name and phone). */
  private async ensureClient(): Promise<string> {
    if (this.clientId) return this.clientId;
    const { name, phone, email } = this.state.caller;
    if (!name || !phone) throw new Error("A client needs a name and a phone number");
    this.clientId = await this.store.ensureClient({ name, phone, ...(email ? { email } : {}) });
    return this.clientId;
  }

  /** Client ids to look appointments up by: the identified caller, else (on the web) clients of that name. */
  private async callerClientIds(): Promise<string[] | null> {
    if (this.clientId) return [this.clientId];
    if (this.state.caller.phone) return [];
    const name = this.state.caller.name;
    if (!name) return null;
    return this.store.clientIdsNamed(name);
  }

  // ----------------------------------------------------------- routing ---

  private async respond(s: Signals): Promise<string> {
    if (s.intents.has("handoff")) return this.handOff(false);
    if (this.state.flow) {
      const reply = await this.continueFlow(this.state.flow, s);
      if (reply !== null) return reply;
    }
    return this.route(s);
  }

  private async route(s: Signals): Promise<string> {
    if (s.intents.has("cancel")) return this.startAppointmentFlow("cancel", s);
    if (s.intents.has("move")) return this.startAppointmentFlow("move", s);
    const info = await this.infoAnswer(s);
    if (info) return info;
    if (s.bookingSignal) return this.startBooking(s);
    if (s.intents.has("goodbye")) return this.r.goodbye();
    if (s.intents.has("thanks")) return this.r.thanks();
    if (s.intents.has("greeting")) {
      if (this.state.turns === 0 && !this.returning) return this.tenantGreeting();
      return this.r.howCanIHelp();
    }
    if (this.state.turns > 0 && s.yesNo === "no") return this.r.nothingElse();
    return this.confused(null);
  }

  private tenantGreeting(): string {
    return this.facts.greeting[this.locale] ?? this.r.greeting(this.facts.businessName, this.facts.personaName);
  }

  /** Opening hours, address or an FAQ entry, when that is what the message asks. */
  private async infoAnswer(s: Signals): Promise<string | null> {
    const faq = matchFaq(s.message, this.facts.faq, this.locale);
    if (faq && faq.coverage >= 0.99) {
      const asked = keywordsOf(s.message);
      const questionWords = keywordsOf(faq.entry.question);
      // "Faut-il réserver ?" is the FAQ; "je voudrais réserver une coupe" is a booking.
      if (!s.bookingSignal || [...asked].every((w) => questionWords.has(w))) return faq.entry.answer;
    }
    if (s.intents.has("hours") && !s.intents.has("book")) return this.hoursAnswer();
    if (s.intents.has("address")) {
      return this.facts.address ? this.r.address(this.facts.businessName, this.facts.address) : this.r.noAddress();
    }
    if (faq && faq.coverage >= 0.5 && !s.bookingSignal) return faq.entry.answer;
    return null;
  }

  private hoursAnswer(): string {
    const text = formatOpeningHours(this.facts.hours, this.locale);
    const today = wallClockAt(this.input.now, this.facts.timeZone).date;
    const soon = this.facts.closures.filter((c) => c.endsOn >= today && c.startsOn <= addDays(today, 30));
    if (!soon.length) return text;
    const list = soon.map((c) =>
      c.startsOn === c.endsOn
        ? formatDay(c.startsOn, this.locale)
        : this.locale === "fr"
          ? `du ${formatDay(c.startsOn, "fr")} au ${formatDay(c.endsOn, "fr")}`
          : `${formatDay(c.startsOn, "en")} to ${formatDay(c.endsOn, "en")}`,
    );
    return `${text} ${this.r.closures(joinAlternatives(list, this.locale, "and"))}`;
  }

  private handOff(afterConfusion: boolean): string {
    this.handoff = true;
    this.understood = true;
    this.state.flow = null;
    const voice = this.input.channel === "voice";
    if (voice && this.facts.transferPhone) this.transferPhone = this.facts.transferPhone;
    return afterConfusion ? this.r.handoffAfterConfusion(voice) : voice ? this.r.handoffVoice() : this.r.handoffText();
  }

  /** Not understood: say so and repeat the question; the second time in a row, hand over. */
  private confused(prompt: string | null | undefined): string {
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

  /** Sets the question to repeat if the next answer is not understood. */
  private ask(text: string, prompt: string = text, notes: string[] = []): string {
    if (this.state.flow) this.state.flow.prompt = prompt;
    return [...notes, text].join(" ");
  }

  // ------------------------------------------------------------- flows ---

  private async continueFlow(flow: DialogueFlow, s: Signals): Promise<string | null> {
    const confirmingBooking = flow.kind === "book" && flow.awaiting === "confirm";
    if (flow.kind !== "cancel" && !confirmingBooking && s.intents.has("cancel")) return null;
    if (flow.kind !== "move" && s.intents.has("move")) return null;
    if (flow.awaiting !== "name" && flow.awaiting !== "lookup_name" && flow.awaiting !== "phone") {
      const info = await this.infoAnswer({ ...s, bookingSignal: s.bookingSignal || flow.awaiting === "time" });
      if (info) return [info, flow.prompt].filter(Boolean).join(" ");
    }
    switch (flow.awaiting) {
      case "service":
        return this.onService(flow, s);
      case "time":
        return this.onTime(flow, s);
      case "name":
        return this.onName(flow, s);
      case "phone":
        return this.onPhone(flow, s);
      case "confirm":
        return flow.kind === "book"
          ? this.onConfirmBooking(flow, s)
          : flow.kind === "cancel"
            ? this.onConfirmCancel(flow, s)
            : this.onConfirmMove(flow, s);
      case "pick":
        return this.onPick(flow, s);
      case "lookup_name":
        return this.onLookupName(flow, s);
    }
  }

  private serviceList(): string {
    return joinAlternatives(
      this.facts.services.map((x) => x.name),
      this.locale,
    );
  }

  private serviceName(flow: DialogueFlow): string {
    return this.facts.services.find((x) => x.id === flow.serviceId)?.name ?? "";
  }

  private when(instant: Date | string): string {
    return formatDateTime(new Date(instant), this.facts.timeZone, this.locale);
  }

  private slotList(slots: Array<Slot | string>): string {
    return formatSlotList(
      slots.map((x) => (typeof x === "string" ? new Date(x) : x.startsAt)),
      this.facts.timeZone,
      this.locale,
    );
  }

  // --------------------------------------------------------------- book ---

  private startBooking(s: Signals): string | Promise<string> {
    const services = this.facts.services;
    if (!services.length) return this.r.noServices();
    const service = s.service ?? (services.length === 1 ? services[0]! : null);
    const flow: DialogueFlow = {
      kind: "book",
      awaiting: "service",
      candidates: [],
      proposals: [],
      ...(service ? { serviceId: service.id } : {}),
      ...(hasMoment(s.when) ? { when: s.when } : {}),
    };
    this.state.flow = flow;
    if (!service) {
      const list = this.serviceList();
      return this.ask(s.namesUnknownService ? this.r.unknownService(list) : this.r.askService(list), this.r.askService(list));
    }
    return this.advanceBooking(flow, s.when);
  }

  /**
   * Next step of a booking: time, name, phone, confirmation. `announce` says
   * the time just chosen is free (when the caller named it rather than picked it).
   */
  private async advanceBooking(
    flow: DialogueFlow,
    when: WhenRequest | StoredWhen | null | undefined,
    announce = false,
  ): Promise<string> {
    const notes: string[] = announce && flow.startsAt ? [this.r.available(this.when(flow.startsAt))] : [];
    if (!flow.startsAt) {
      const moment = when ?? flow.when;
      delete flow.when;
      if (!hasMoment(moment)) return this.askForTime(flow);
      const step = await this.resolveTime(flow, moment);
      if (!step.chosen) return step.reply;
      notes.push(this.r.available(this.when(flow.startsAt!)));
    }
    delete flow.when;
    if (!this.state.caller.name) {
      flow.awaiting = "name";
      return this.ask(this.r.askName(), undefined, notes);
    }
    if (!this.state.caller.phone) {
      flow.awaiting = "phone";
      return this.ask(this.r.askPhone(), undefined, notes);
    }
    flow.awaiting = "confirm";
    return this.ask(this.r.confirmBooking(this.serviceName(flow), this.when(flow.startsAt!), this.state.caller.name));
  }

  /** Asks when, offering the next free slots. */
  private async askForTime(flow: DialogueFlow): Promise<string> {
    const next = await this.booking.nearestFreeSlots(flow.serviceId!, this.input.now, 3, this.input.now, {
      ...(flow.appointmentId ? { ignoreAppointmentId: flow.appointmentId } : {}),
    });
    flow.awaiting = "time";
    flow.proposals = next.map((x) => iso(x.startsAt));
    return this.ask(this.r.askTime(this.serviceName(flow), next.length ? this.slotList(next) : null));
  }

  /**
   * Turns what was said into a free start time (flow.startsAt), or into a
   * reply offering the nearest free slots and why the asked time is not one.
   */
  private async resolveTime(flow: DialogueFlow, when: WhenRequest | StoredWhen): Promise<TimeStep> {
    const tz = this.facts.timeZone;
    const now = this.input.now;
    const today = wallClockAt(now, tz);
    const serviceId = flow.serviceId!;
    const ignore = flow.appointmentId ? { ignoreAppointmentId: flow.appointmentId } : {};
    flow.startsAt = undefined;
    flow.awaiting = "time";

    if (when.minutes !== undefined) {
      const date = when.date ?? flow.date ?? (when.minutes > today.minutes ? today.date : addDays(today.date, 1));
      flow.date = date;
      const startsAt = instantAt(date, when.minutes, tz);
      const check = await this.booking.checkSlot({ serviceId, startsAt, now, ...ignore });
      if (check.status === "free") {
        flow.startsAt = iso(startsAt);
        flow.proposals = [];
        return { chosen: true };
      }
      flow.proposals = check.alternatives.map((x) => iso(x.startsAt));
      const list = check.alternatives.length ? this.slotList(check.alternatives) : null;
      const text = this.r.unavailable(check.status, this.when(startsAt), list);
      return { chosen: false, reply: this.ask(text, list ? this.r.whichProposal(list) : this.r.askAnotherTime()) };
    }

    if (when.soonest && when.date === undefined && !when.period) {
      const next = await this.booking.nearestFreeSlots(serviceId, now, 3, now, ignore);
      flow.proposals = next.map((x) => iso(x.startsAt));
      if (!next.length) return { chosen: false, reply: this.ask(this.r.askAnotherTime()) };
      const list = this.slotList(next);
      return { chosen: false, reply: this.ask(this.r.soonest(this.serviceName(flow), list), this.r.whichProposal(list)) };
    }

    const window = when.period ? PERIOD_WINDOWS[when.period] : null;
    const date =
      when.date ?? flow.date ?? (window && window.to <= today.minutes ? addDays(today.date, 1) : today.date);
    flow.date = date;
    const from = instantAt(date, window?.from ?? 0, tz);
    const to = window && window.to < 1440 ? instantAt(date, window.to, tz) : instantAt(addDays(date, 1), 0, tz);
    const slots = await this.booking.findAvailableSlots({ serviceId, from, to, now, ...ignore });
    const day = formatDay(date, this.locale);
    if (slots.length) {
      const offered = slots.slice(0, 3);
      flow.proposals = offered.map((x) => iso(x.startsAt));
      const times = joinAlternatives(
        offered.map((x) => formatTime(wallClockAt(x.startsAt, tz).minutes, this.locale)),
        this.locale,
      );
      return { chosen: false, reply: this.ask(this.r.proposalsForDay(day, times), this.r.whichProposal(times)) };
    }
    const firstOpening = this.facts.hours
      .filter((h) => h.weekday === isoWeekday(date))
      .reduce((min, h) => Math.min(min, h.opensAt), Infinity);
    const anchorMinutes = window?.anchor ?? (Number.isFinite(firstOpening) ? firstOpening : 9 * 60);
    const alternatives = await this.booking.nearestFreeSlots(serviceId, instantAt(date, anchorMinutes, tz), 3, now, ignore);
    flow.proposals = alternatives.map((x) => iso(x.startsAt));
    const list = alternatives.length ? this.slotList(alternatives) : null;
    const prompt = list ? this.r.whichProposal(list) : this.r.askAnotherTime();
    if (date < today.date) return { chosen: false, reply: this.ask(this.r.unavailable("past", day, list), prompt) };
    return {
      chosen: false,
      reply: this.ask(this.isClosedDay(date) ? this.r.dayClosed(day, list) : this.r.dayFull(day, list), prompt),
    };
  }

  private isClosedDay(date: string): boolean {
    if (this.facts.closures.some((c) => c.startsOn <= date && date <= c.endsOn)) return true;
    return !this.facts.hours.some((h) => h.weekday === isoWeekday(date));
  }

  /** The offered slot the caller picked: "la deuxième", "the first one", "2", or one of the offered times. */
  private pickedProposal(flow: DialogueFlow, s: Signals): string | null {
    const proposals = flow.proposals;
    if (!proposals.length) return null;
    const index = s.choice(proposals.length);
    if (index !== null) return proposals[index]!;
    if (s.when?.minutes !== undefined) {
      const tz = this.facts.timeZone;
      const match = proposals.filter((p) => {
        const wall = wallClockAt(new Date(p), tz);
        return wall.minutes === s.when!.minutes && (!s.when!.date || wall.date === s.when!.date);
      });
      if (match.length === 1) return match[0]!;
    }
    if (proposals.length === 1 && s.yesNo === "yes") return proposals[0]!;
    return null;
  }

  private async onService(flow: DialogueFlow, s: Signals): Promise<string> {
    if (!s.service) {
      if (hasMoment(s.when)) flow.when = s.when;
      return this.confused(this.r.unknownService(this.serviceList()));
    }
    flow.serviceId = s.service.id;
    return this.advanceBooking(flow, hasMoment(s.when) ? s.when : flow.when);
  }

  private async onTime(flow: DialogueFlow, s: Signals): Promise<string> {
    const picked = this.pickedProposal(flow, s);
    if (picked) {
      flow.startsAt = picked;
      flow.proposals = [];
      return flow.kind === "move" ? this.askToConfirmMove(flow) : this.advanceBooking(flow, null);
    }
    if (flow.kind === "book" && s.service && s.service.id !== flow.serviceId) {
      flow.serviceId = s.service.id;
      flow.proposals = [];
      if (!hasMoment(s.when)) return this.askForTime(flow);
    }
    if (hasMoment(s.when)) {
      const step = await this.resolveTime(flow, s.when);
      if (!step.chosen) return step.reply;
      return flow.kind === "move" ? this.askToConfirmMove(flow) : this.advanceBooking(flow, null, true);
    }
    const answer = s.yesNo;
    if (answer === "no") {
      if (flow.proposals.length) {
        flow.proposals = [];
        return this.ask(this.r.askAnotherTime());
      }
      this.state.flow = null;
      return this.r.nothingElse();
    }
    if (answer === "yes" && flow.proposals.length > 1) return this.ask(this.r.whichProposal(this.slotList(flow.proposals)));
    return this.confused(flow.prompt);
  }

  private async onName(flow: DialogueFlow, s: Signals): Promise<string> {
    // Name and phone come in either order, together or apart: keep whichever was given.
    const phone = this.state.caller.phone ? null : s.phone;
    if (phone) await this.rememberPhone(phone);
    if (s.name) this.state.caller.name = s.name;
    else if (!phone) return this.confused(this.r.badName());
    return this.advanceBooking(flow, null);
  }

  private async rememberPhone(phone: string): Promise<void> {
    this.state.caller.phone = phone;
    const client = await this.store.clientByPhone(phone);
    if (client) this.clientId = client.id;
  }

  private async onPhone(flow: DialogueFlow, s: Signals): Promise<string> {
    const phone = s.phone;
    if (!phone) return this.confused(this.r.badPhone());
    await this.rememberPhone(phone);
    return this.advanceBooking(flow, null);
  }

  /** A time said at a confirmation step that differs from the one being confirmed. */
  private isNewTime(flow: DialogueFlow, s: Signals): boolean {
    if (!s.when || (s.when.minutes === undefined && s.when.date === undefined)) return false;
    if (!flow.startsAt) return true;
    const current = wallClockAt(new Date(flow.startsAt), this.facts.timeZone);
    return (
      (s.when.minutes !== undefined && s.when.minutes !== current.minutes) ||
      (s.when.date !== undefined && s.when.date !== current.date)
    );
  }

  private async onConfirmBooking(flow: DialogueFlow, s: Signals): Promise<string> {
    if (this.isNewTime(flow, s)) {
      const step = await this.resolveTime(flow, s.when!);
      return step.chosen ? this.advanceBooking(flow, null) : step.reply;
    }
    const answer = s.intents.has("cancel") ? "no" : s.yesNo;
    if (answer === "no") {
      flow.startsAt = undefined;
      flow.awaiting = "time";
      flow.proposals = [];
      return this.ask(this.r.bookingDeclined(), this.r.askAnotherTime());
    }
    if (answer !== "yes") return this.confused(flow.prompt);
    const clientId = await this.ensureClient();
    try {
      const booked = await this.booking.bookAppointment({
        serviceId: flow.serviceId!,
        clientId,
        startsAt: new Date(flow.startsAt!),
        channel: this.input.channel,
        conversationId: this.input.conversationId,
        now: this.input.now,
      });
      this.appointment = booked;
      this.state.flow = null;
      return this.r.booked(booked.service, this.when(booked.startsAt));
    } catch (error) {
      if (error instanceof SlotUnavailableError) {
        flow.startsAt = undefined;
        flow.awaiting = "time";
        flow.proposals = error.alternatives.map((x) => iso(x.startsAt));
        const list = error.alternatives.length ? this.slotList(error.alternatives) : null;
        return this.ask(this.r.slotJustTaken(list), list ? this.r.whichProposal(list) : this.r.askAnotherTime());
      }
      if (error instanceof ServiceNotFoundError) {
        this.state.flow = null;
        return this.r.askService(this.serviceList());
      }
      throw error;
    }
  }

  // ---------------------------------------------------- cancel and move ---

  private async startAppointmentFlow(kind: "cancel" | "move", s: Signals): Promise<string> {
    const flow: DialogueFlow = {
      kind,
      awaiting: "pick",
      candidates: [],
      proposals: [],
      ...(hasMoment(s.when) ? { when: s.when } : {}),
    };
    this.state.flow = flow;
    const clientIds = await this.callerClientIds();
    if (clientIds === null) {
      flow.awaiting = "lookup_name";
      return this.ask(this.r.askNameForLookup());
    }
    return this.offerAppointments(flow, clientIds);
  }

  private async offerAppointments(flow: DialogueFlow, clientIds: string[]): Promise<string> {
    const upcoming = await this.booking.findUpcomingAppointmentsForClient(clientIds, { now: this.input.now, limit: 5 });
    if (!upcoming.length) {
      this.state.flow = null;
      return this.r.noUpcoming();
    }
    const said = flow.when;
    const matching = said ? upcoming.filter((a) => this.appointmentMatches(a, said)) : [];
    if (upcoming.length === 1) {
      const [only] = upcoming;
      // "déplacer mon rendez-vous à jeudi 10h": with one appointment, a time that is not its own is the new time.
      return this.targetChosen(flow, only!, matching.length ? undefined : said);
    }
    if (matching.length === 1) return this.targetChosen(flow, matching[0]!, undefined);
    flow.awaiting = "pick";
    flow.candidates = upcoming.map((a) => a.id);
    const list = upcoming.map((a, i) => `${i + 1}) ${a.service} ${this.locale === "fr" ? "le" : "on"} ${this.when(a.startsAt)}`);
    return this.ask(this.r.whichAppointment(list.join(", ")));
  }

  private appointmentMatches(a: AppointmentSummary, when: StoredWhen | WhenRequest): boolean {
    if (when.date === undefined && when.minutes === undefined) return false;
    const wall = wallClockAt(a.startsAt, this.facts.timeZone);
    return (when.date === undefined || wall.date === when.date) && (when.minutes === undefined || wall.minutes === when.minutes);
  }

  private async targetChosen(
    flow: DialogueFlow,
    target: AppointmentSummary,
    newTime: StoredWhen | WhenRequest | undefined,
  ): Promise<string> {
    flow.appointmentId = target.id;
    flow.serviceId = target.serviceId;
    flow.candidates = [];
    delete flow.when;
    if (flow.kind === "cancel") {
      flow.awaiting = "confirm";
      return this.ask(this.r.confirmCancel(target.service, this.when(target.startsAt)));
    }
    if (hasMoment(newTime)) {
      const step = await this.resolveTime(flow, newTime);
      return step.chosen ? this.askToConfirmMove(flow) : step.reply;
    }
    flow.awaiting = "time";
    flow.proposals = [];
    return this.ask(this.r.askNewTime(target.service, this.when(target.startsAt)));
  }

  private async loadTarget(flow: DialogueFlow): Promise<AppointmentSummary | null> {
    return flow.appointmentId ? ((await this.store.bookedAppointments([flow.appointmentId]))[0] ?? null) : null;
  }

  private async askToConfirmMove(flow: DialogueFlow): Promise<string> {
    const target = await this.loadTarget(flow);
    if (!target) {
      this.state.flow = null;
      return this.r.noUpcoming();
    }
    flow.awaiting = "confirm";
    return this.ask(this.r.confirmMove(target.service, this.when(target.startsAt), this.when(flow.startsAt!)));
  }

  private async onPick(flow: DialogueFlow, s: Signals): Promise<string> {
    const candidates = await this.store.bookedAppointments(flow.candidates);
    const index = s.choice(flow.candidates.length);
    const byIndex = index !== null ? candidates.find((a) => a.id === flow.candidates[index]) : undefined;
    const byTime = s.when ? candidates.filter((a) => this.appointmentMatches(a, s.when!)) : [];
    const target = byIndex ?? (byTime.length === 1 ? byTime[0] : undefined);
    if (!target) return this.confused(flow.prompt);
    return this.targetChosen(flow, target, undefined);
  }

  private async onLookupName(flow: DialogueFlow, s: Signals): Promise<string> {
    const name = s.name;
    if (!name) return this.confused(this.r.badName());
    this.state.caller.name = name;
    const ids = (await this.callerClientIds()) ?? [];
    return this.offerAppointments(flow, ids);
  }

  private async onConfirmCancel(flow: DialogueFlow, s: Signals): Promise<string> {
    const answer = s.yesNo;
    if (answer === "no") {
      this.state.flow = null;
      return this.r.cancelDeclined();
    }
    if (answer !== "yes" && !s.intents.has("cancel")) return this.confused(flow.prompt);
    try {
      const cancelled = await this.booking.cancelAppointment(flow.appointmentId!);
      this.appointment = cancelled;
      this.state.flow = null;
      return this.r.cancelled(cancelled.service, this.when(cancelled.startsAt));
    } catch (error) {
      if (!(error instanceof AppointmentNotFoundError)) throw error;
      this.state.flow = null;
      return this.r.noUpcoming();
    }
  }

  private async onConfirmMove(flow: DialogueFlow, s: Signals): Promise<string> {
    if (this.isNewTime(flow, s)) {
      const step = await this.resolveTime(flow, s.when!);
      return step.chosen ? this.askToConfirmMove(flow) : step.reply;
    }
    const answer = s.yesNo;
    if (answer === "no") {
      this.state.flow = null;
      return this.r.moveDeclined();
    }
    if (answer !== "yes") return this.confused(flow.prompt);
    try {
      const moved = await this.booking.rescheduleAppointment(flow.appointmentId!, new Date(flow.startsAt!), {
        now: this.input.now,
      });
      this.appointment = moved;
      this.state.flow = null;
      return this.r.moved(moved.service, this.when(moved.startsAt));
    } catch (error) {
      if (error instanceof SlotUnavailableError) {
        flow.startsAt = undefined;
        flow.awaiting = "time";
        flow.proposals = error.alternatives.map((x) => iso(x.startsAt));
        const list = error.alternatives.length ? this.slotList(error.alternatives) : null;
        return this.ask(this.r.slotJustTaken(list), list ? this.r.whichProposal(list) : this.r.askAnotherTime());
      }
      if (error instanceof AppointmentNotFoundError) {
        this.state.flow = null;
        return this.r.noUpcoming();
      }
      throw error;
    }
  }
}
