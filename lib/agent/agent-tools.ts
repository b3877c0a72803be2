import "server-only";
import { calendarBusy } from "@/lib/calendar";
import type pg from "pg";
import { z } from "zod";
import {
  AppointmentNotFoundError,
  ServiceNotFoundError,
  SlotUnavailableError,
  addDays,
  createBookingOver,
  instantAt,
  isoWithOffset,
  slotRefusal,
  sqlBookingStore,
  wallClockAt,
  type AppointmentSummary,
  type Booking,
  type Slot,
} from "@/lib/booking";
import type { TenantDb } from "@/lib/db/tenant-db";
import { requireTenantId } from "@/lib/tenancy";
import { normalizePhone } from "./caller-answers";
import { TOOL_REPLIES, type ToolReplies } from "./catalogue/tool-replies";
import { bookingConfigOf, factsCacheFor } from "./facts-cache";
import { formatDateTime, formatDay, formatTime, joinAlternatives } from "./formatting";
import type { AgentLocale } from "./language";
import { matchService } from "./service-matcher";
import { serviceName, type TenantFacts } from "./tenant-facts";
import { TOOL_SQL } from "./tool-sql";
import { TURN_SQL } from "./turn-sql";
import { TOOL_SCHEMAS, WHEN_HELP } from "./tool-definitions";
import { momentOf } from "./tool-moments";
import { backOn, worksOn } from "./staff-days";
import { otherFreeLine, resourceAt, slotOwner, staffArgument, staffPlan, type StaffPlan } from "./tool-staff";
import type { AgentToolContext, AgentToolName, AgentToolResult } from "./types";

/*
 * The same booking rules as the conversation engine, exposed as functions a
 * voice model (Vapi) calls. The model holds the conversation; these tools
 * answer one line each (catalogue/tool-replies.ts), with times in ISO 8601
 * with the tenant's offset so the model can pass them back verbatim.
 */

export { AGENT_TOOL_DEFINITIONS } from "./tool-definitions";

/** A mistake the model or the caller can fix; becomes `{ error }`, never a thrown error. */
class ToolInputError extends Error {}

type Sql = <R>(text: string, values: unknown[]) => Promise<R[]>;

interface ToolCall {
  facts: TenantFacts;
  locale: AgentLocale;
  t: ToolReplies;
  now: Date;
  booking: Booking;
  /** The call's statements: in the caller's transaction when it gave one, else autocommit on the pool. */
  sql: Sql;
}

export function createAgentTools(db: TenantDb) {
  const facts = factsCacheFor(db);
  const pool: pg.Pool = db.pool;
  const poolSql: Sql = async <R,>(text: string, values: unknown[]) => (await pool.query(text, values)).rows as R[];

  /** The call's facts from the tenant's cached configuration; its statements raw, in the caller's transaction or on the pool. */
  async function callFor(args: Record<string, unknown>, ctx: AgentToolContext): Promise<ToolCall> {
    const { value } = await facts.get(requireTenantId("runAgentTool"), ctx.configVersion);
    const language = args?.language;
    const locale: AgentLocale = language === "fr" || language === "en" ? language : value.defaultLocale;
    const { tx } = ctx;
    const sql: Sql = tx ? (text, values) => tx.query(text, values) : poolSql;
    const booking = createBookingOver(sqlBookingStore(tx ? { tx } : { pool }, bookingConfigOf(value)), { externalBusy: calendarBusy(sql) });
    return { facts: value, locale, t: TOOL_REPLIES[locale], now: ctx.now ?? new Date(), booking, sql };
  }

  function serviceFor(name: string | undefined, call: ToolCall) {
    const { facts, locale } = call;
    const only = facts.services.length === 1 ? facts.services[0] : undefined;
    const service = name ? matchService(name, facts.services) : (only ?? null);
    if (!service) throw new ToolInputError(call.t.unknownService(joinAlternatives(facts.services.map((s) => serviceName(s, locale)), locale)));
    return service;
  }

  /** The service of an appointment in the caller's language; the stored name if it is no longer offered. */
  function appointmentService(a: AppointmentSummary, call: ToolCall): string {
    const service = call.facts.services.find((s) => s.id === a.serviceId);
    return service ? serviceName(service, call.locale) : a.service;
  }

  function slotLine(slots: Slot[], call: ToolCall): string {
    const tz = call.facts.timeZone;
    return slots.map((s) => `${formatDateTime(s.startsAt, tz, call.locale)} (${isoWithOffset(s.startsAt, tz)})${slotOwner(s, call.facts)}`).join("; ") || call.t.none();
  }

  async function conversationId(externalId: string | undefined): Promise<string | null> {
    if (!externalId) return null;
    const [row] = await poolSql<{ id: string }>(TOOL_SQL.conversation, [requireTenantId("runAgentTool"), externalId]);
    return row?.id ?? null;
  }

  async function clientFor(name: string, phone: string, email: string | undefined, { sql }: ToolCall): Promise<string> {
    const tenantId = requireTenantId("runAgentTool");
    const [row] = await sql<{ id: string }>(TURN_SQL.ensureClient, [tenantId, name, phone, email ?? null]);
    if (row) return row.id;
    // Created by another statement that committed after this one's snapshot: read it in a fresh one.
    const [late] = await sql<{ id: string }>(TURN_SQL.clientByPhone, [tenantId, phone]);
    if (!late) throw new Error("The client row could not be read back");
    return late.id;
  }

  async function callerAppointments(ctx: AgentToolContext, call: ToolCall) {
    const phone = normalizePhone(ctx.callerPhone, call.facts.region);
    if (!phone) throw new ToolInputError(call.t.callerNumberUnknown());
    const upcoming = await call.sql<AppointmentSummary>(TOOL_SQL.callerUpcoming, [requireTenantId("runAgentTool"), phone, call.now]);
    if (!upcoming.length) throw new ToolInputError(call.t.noUpcomingForNumber());
    return upcoming;
  }

  function pickAppointment(upcoming: AppointmentSummary[], selector: { appointmentId?: string; startsAt?: string }, call: ToolCall): AppointmentSummary {
    const tz = call.facts.timeZone;
    const byId = selector.appointmentId ? upcoming.find((a) => a.id === selector.appointmentId) : undefined;
    if (byId) return byId;
    if (selector.startsAt) {
      const moment = momentOf([selector.startsAt], call.facts, call.now, call.locale);
      const matches = upcoming.filter((a) =>
        moment?.instant ? a.startsAt.getTime() === moment.instant.getTime() : moment?.date === wallClockAt(a.startsAt, tz).date,
      );
      if (matches.length === 1 && matches[0]) return matches[0];
    }
    if (upcoming.length === 1 && upcoming[0]) return upcoming[0];
    const list = upcoming
      .map((a) => `${appointmentService(a, call)} ${formatDateTime(a.startsAt, tz, call.locale)} (${isoWithOffset(a.startsAt, tz)})`)
      .join("; ");
    throw new ToolInputError(call.t.severalAppointments(list));
  }

  /**
   * The `staff` argument as a plan for reads and writes; a name that fits
   * nobody is the caller's to fix. "The same as last time" reads the
   * caller's last appointment by their number (a statement only then).
   */
  async function staffFor(said: string | undefined, service: TenantFacts["services"][number], call: ToolCall, ctx: AgentToolContext): Promise<StaffPlan> {
    let picked = staffArgument(said, service, call.facts, call.t, call.locale);
    if ("usual" in picked && picked.usual) {
      const phone = normalizePhone(ctx.callerPhone, call.facts.region);
      const [last] = phone ? await call.sql<{ resourceId: string }>(TOOL_SQL.lastResource, [requireTenantId("runAgentTool"), phone, call.now]) : [];
      picked = staffArgument(said, service, call.facts, call.t, call.locale, last?.resourceId ?? null);
    }
    if ("error" in picked) throw new ToolInputError(picked.error);
    return staffPlan(picked.choice, call.facts, call.booking);
  }

  function unavailableLine(error: SlotUnavailableError, call: ToolCall): string {
    const refusal = slotRefusal(error.reason, formatDateTime(error.startsAt, call.facts.timeZone, call.locale), call.locale);
    return refusal + (error.alternatives.length ? call.t.nearestSlots(slotLine(error.alternatives, call)) : "");
  }

  async function checkAvailability(args: Record<string, unknown>, call: ToolCall, ctx: AgentToolContext): Promise<string> {
    const a = TOOL_SCHEMAS.check_availability.parse(args);
    const { facts, locale, t, now } = call;
    const tz = facts.timeZone;
    const service = serviceFor(a.service, call);
    const { person, query, availability } = await staffFor(a.staff, service, call, ctx);
    const name = person ? t.withPerson(serviceName(service, locale), person.name) : serviceName(service, locale);
    const moment = momentOf([a.date, a.time], facts, now, locale);
    // "Karim is on holiday that week": said before the times, so the assistant can offer his return or someone else.
    const date = moment?.date ?? (moment?.instant ? wallClockAt(moment.instant, tz).date : undefined);
    const off = person && date && !worksOn(person, date) ? t.personOff(person.name, formatDay(date, locale), formatBack(backOn(facts, person, date), locale)) : "";
    if (moment?.instant) {
      const check = await availability.checkSlot({ serviceId: service.id, startsAt: moment.instant, now, ...query });
      if (check.status === "free") {
        // "Not Karim": say whom the free time is with, so the booking names the same person.
        const other = availability.freeWith?.(check);
        const label = other ? t.withPerson(serviceName(service, locale), slotOwner({ resourceId: other }, facts).slice(2, -1)) : name;
        return t.free(label, `${formatDateTime(moment.instant, tz, locale)} (${isoWithOffset(moment.instant, tz)})`);
      }
      const refusal = off + unavailableLine(new SlotUnavailableError(check.status, moment.instant, check.alternatives), call);
      if (!person || check.status === "past") return refusal;
      const then = await call.booking.findAvailableSlots({ serviceId: service.id, from: moment.instant, to: new Date(moment.instant.getTime() + 60_000), now });
      return refusal + otherFreeLine(then, person, facts, t, locale, (d) => isoWithOffset(d, tz));
    }
    if (moment?.date) {
      const day = formatDay(moment.date, locale);
      if (moment.date < wallClockAt(now, tz).date) {
        return slotRefusal("past", day, locale) + t.nearestSlots(slotLine(await availability.nearestFreeSlots(service.id, now, 3, now, query), call));
      }
      const from = instantAt(moment.date, 0, tz);
      const to = instantAt(addDays(moment.date, 1), 0, tz);
      const slots = (await availability.findAvailableSlots({ serviceId: service.id, from, to, now, ...query })).slice(0, 8);
      if (slots.length) {
        const times = slots.map((s) => `${formatTime(wallClockAt(s.startsAt, tz).minutes, locale)} (${isoWithOffset(s.startsAt, tz)})${slotOwner(s, facts)}`);
        return t.freeSlotsOnDay(name, day, times.join(", "));
      }
      const nearest = await availability.nearestFreeSlots(service.id, instantAt(moment.date, 9 * 60, tz), 3, now, query);
      return off + t.noSlotOnDay(day, slotLine(nearest, call));
    }
    return t.nextSlots(name, slotLine(await availability.nearestFreeSlots(service.id, now, 3, now, query), call));
  }

  function formatBack(day: string | null, locale: AgentLocale): string | null {
    return day ? formatDay(day, locale) : null;
  }

  async function run(name: AgentToolName, args: Record<string, unknown>, call: ToolCall, ctx: AgentToolContext, conversation: string | null): Promise<string> {
    const { facts, locale, t, now } = call;
    switch (name) {
      case "check_availability":
        return checkAvailability(args, call, ctx);
      case "book_appointment": {
        const a = TOOL_SCHEMAS.book_appointment.parse(args);
        const service = serviceFor(a.service, call);
        const plan = await staffFor(a.staff, service, call, ctx);
        const moment = momentOf([a.startsAt], facts, now, locale);
        if (!moment?.instant) throw new ToolInputError(`startsAt: ${WHEN_HELP}.`);
        // "Not Karim": whoever else is free then, named before the write; "anyone" is the booking API's own pick.
        const except = plan.choice?.kind === "anyone" && plan.choice.except.length;
        const query = except ? { resourceId: await resourceAt(plan, service.id, moment.instant, now) } : plan.query;
        const phone = normalizePhone(a.phone ?? ctx.callerPhone, facts.region);
        if (!phone) throw new ToolInputError(t.phoneNeeded());
        const clientId = await clientFor(a.name, phone, a.email, call);
        const booked = await call.booking.bookAppointment({ serviceId: service.id, clientId, startsAt: moment.instant, channel: "voice", conversationId: conversation, now, ...query });
        const who = slotOwner(booked, facts).slice(2, -1);
        const label = who ? t.withPerson(appointmentService(booked, call), who) : appointmentService(booked, call);
        return t.booked(label, formatDateTime(booked.startsAt, facts.timeZone, locale), a.name, booked.id);
      }
      case "cancel_appointment": {
        const a = TOOL_SCHEMAS.cancel_appointment.parse(args);
        const target = pickAppointment(await callerAppointments(ctx, call), a, call);
        const cancelled = await call.booking.cancelAppointment(target.id);
        return t.cancelled(appointmentService(cancelled, call), formatDateTime(cancelled.startsAt, facts.timeZone, locale));
      }
      case "reschedule_appointment": {
        const a = TOOL_SCHEMAS.reschedule_appointment.parse(args);
        const selector = { ...(a.appointmentId ? { appointmentId: a.appointmentId } : {}), ...(a.currentStartsAt ? { startsAt: a.currentStartsAt } : {}) };
        const target = pickAppointment(await callerAppointments(ctx, call), selector, call);
        const moment = momentOf([a.newStartsAt], facts, now, locale);
        if (!moment?.instant) throw new ToolInputError(`newStartsAt: ${WHEN_HELP}.`);
        // Without `staff` the appointment keeps its person; with it, the person asked for or whoever suitable is free then.
        const service = a.staff ? facts.services.find((x) => x.id === target.serviceId) : undefined;
        if (a.staff && !service) throw new ToolInputError(t.serviceGone());
        const resourceId = service ? await resourceAt(await staffFor(a.staff, service, call, ctx), service.id, moment.instant, now, target.id) : undefined;
        const moved = await call.booking.rescheduleAppointment(target.id, moment.instant, { now, ...(resourceId ? { resourceId } : {}) });
        const who = moved.resourceId !== target.resourceId ? slotOwner(moved, facts).slice(2, -1) : "";
        const label = who ? t.withPerson(appointmentService(moved, call), who) : appointmentService(moved, call);
        return t.moved(label, formatDateTime(moved.startsAt, facts.timeZone, locale));
      }
      case "transfer_call": {
        TOOL_SCHEMAS.transfer_call.parse(args);
        if (conversation) await call.sql(TOOL_SQL.handOff, [requireTenantId("runAgentTool"), conversation]);
        // Instructions to the voice model, not words for the caller: English whatever the call's language.
        if (!facts.transferPhone) throw new ToolInputError("No transfer number is configured; take a message instead.");
        return `Transfer the call to ${facts.transferPhone}.`;
      }
    }
  }

  /** Runs one tool; mistakes (bad arguments, taken slot, unknown appointment) come back as `{ error }`. */
  async function runAgentTool(name: AgentToolName | (string & {}), args: Record<string, unknown>, ctx: AgentToolContext): Promise<AgentToolResult> {
    const conversation = ctx.conversationId ?? (await conversationId(ctx.conversationExternalId));
    const outcome = await outcomeOf(name, args ?? {}, ctx, conversation);
    if (conversation) {
      const content = "result" in outcome ? outcome.result : outcome.error;
      await poolSql(TOOL_SQL.toolMessage, [requireTenantId("runAgentTool"), conversation, content, JSON.stringify({ tool: name, ok: "result" in outcome })]);
    }
    return outcome;
  }

  async function outcomeOf(name: string, args: Record<string, unknown>, ctx: AgentToolContext, conversation: string | null): Promise<AgentToolResult> {
    if (!(name in TOOL_SCHEMAS)) return { error: `Unknown tool ${name}.` };
    const call = await callFor(args, ctx);
    try {
      return { result: await run(name as AgentToolName, args, call, ctx, conversation) };
    } catch (error) {
      if (error instanceof z.ZodError) {
        const issue = error.issues[0];
        return { error: `Invalid arguments: ${issue?.path.join(".") || "input"}: ${issue?.message ?? "invalid"}.` };
      }
      if (error instanceof ToolInputError) return { error: error.message };
      if (error instanceof SlotUnavailableError) return { error: unavailableLine(error, call) };
      if (error instanceof AppointmentNotFoundError) return { error: call.t.appointmentGone() };
      if (error instanceof ServiceNotFoundError) return { error: call.t.serviceGone() };
      throw error;
    }
  }

  /** The answer alone: the caller resolved the conversation and records the message itself. */
  function answerAgentTool(name: AgentToolName | (string & {}), args: Record<string, unknown>, ctx: AgentToolContext): Promise<AgentToolResult> {
    return outcomeOf(name, args ?? {}, ctx, ctx.conversationId ?? null);
  }

  return { runAgentTool, answerAgentTool };
}
