import { z } from "zod";
import {
  AppointmentNotFoundError,
  ServiceNotFoundError,
  SlotUnavailableError,
  addDays,
  createBooking,
  instantAt,
  isoWithOffset,
  wallClockAt,
  type AppointmentSummary,
  type Slot,
} from "@/lib/booking";
import type { TenantDb } from "@/lib/db/tenant-db";
import { requireTenantId } from "@/lib/tenancy";
import { normalizePhone } from "./caller-answers";
import { parseWhen } from "./date-parser";
import { formatDateTime, formatDay, formatTime, joinAlternatives } from "./formatting";
import type { AgentLocale } from "./language";
import { matchService } from "./service-matcher";
import { loadTenantFacts, type TenantFacts } from "./tenant-facts";
import type { AgentToolContext, AgentToolName, AgentToolResult } from "./types";

/*
 * The same booking rules as the conversation engine, exposed as functions a
 * voice model (Vapi) calls. The model holds the conversation; these tools
 * answer one line each, with times in ISO 8601 with the tenant's offset so
 * the model can pass them back verbatim.
 */

const WHEN_HELP =
  "ISO 8601 with offset (2030-01-08T10:00:00+01:00), a local date-time (2030-01-08T10:00), or words (\"demain à 10h\", \"next Friday at 2pm\")";

export const AGENT_TOOL_DEFINITIONS: Array<{ name: AgentToolName; description: string; parameters: object }> = [
  {
    name: "check_availability",
    description:
      "Find free appointment slots. Give a service and, if the caller named one, a day and/or time. Returns whether that time is free or the nearest free slots, each with its exact ISO time.",
    parameters: {
      type: "object",
      properties: {
        service: { type: "string", description: "Service name or synonym, as the caller said it." },
        date: { type: "string", description: `Day wanted: ${WHEN_HELP}.` },
        time: { type: "string", description: "Time wanted, e.g. 14:30 or 2pm." },
        language: { type: "string", enum: ["fr", "en"], description: "Language of the answer." },
      },
      required: [],
    },
  },
  {
    name: "book_appointment",
    description:
      "Book an appointment. Only call after reading the service, day and time back to the caller and hearing an explicit yes. The caller's phone number is known from caller ID.",
    parameters: {
      type: "object",
      properties: {
        service: { type: "string", description: "Service name or synonym." },
        startsAt: { type: "string", description: `Start time: ${WHEN_HELP}.` },
        name: { type: "string", description: "The caller's full name." },
        phone: { type: "string", description: "Only if the caller gives a number other than the one they call from." },
        email: { type: "string" },
        language: { type: "string", enum: ["fr", "en"] },
      },
      required: ["service", "startsAt", "name"],
    },
  },
  {
    name: "cancel_appointment",
    description:
      "Cancel the caller's upcoming appointment, found by their phone number. Only call after the caller confirmed. If they have several, pass the start time of the one to cancel.",
    parameters: {
      type: "object",
      properties: {
        startsAt: { type: "string", description: `Start of the appointment to cancel: ${WHEN_HELP}.` },
        appointmentId: { type: "string" },
        language: { type: "string", enum: ["fr", "en"] },
      },
      required: [],
    },
  },
  {
    name: "reschedule_appointment",
    description:
      "Move the caller's upcoming appointment to a new time. Check availability first and only call after the caller confirmed the new time.",
    parameters: {
      type: "object",
      properties: {
        newStartsAt: { type: "string", description: `New start time: ${WHEN_HELP}.` },
        currentStartsAt: { type: "string", description: "Start of the appointment to move, if the caller has several." },
        appointmentId: { type: "string" },
        language: { type: "string", enum: ["fr", "en"] },
      },
      required: ["newStartsAt"],
    },
  },
  {
    name: "transfer_call",
    description:
      "Transfer the call to a member of staff when the caller asks for a human or when you cannot help. Returns the number to transfer to.",
    parameters: {
      type: "object",
      properties: { reason: { type: "string", description: "Why the call is transferred, in a few words." } },
      required: [],
    },
  },
];

const text = z.string().trim().max(300);
const language = z.enum(["fr", "en"]).optional();
const schemas = {
  check_availability: z.object({ service: text.optional(), date: text.optional(), time: text.optional(), language }),
  book_appointment: z.object({
    service: text.min(1),
    startsAt: text.min(1),
    name: text.min(1).max(200),
    phone: text.optional(),
    email: text.optional(),
    language,
  }),
  cancel_appointment: z.object({ startsAt: text.optional(), appointmentId: text.optional(), language }),
  reschedule_appointment: z.object({
    newStartsAt: text.min(1),
    currentStartsAt: text.optional(),
    appointmentId: text.optional(),
    language,
  }),
  transfer_call: z.object({ reason: text.optional() }),
} satisfies Record<AgentToolName, z.ZodType>;

/** A mistake the model or the caller can fix; becomes `{ error }`, never a thrown error. */
class ToolInputError extends Error {}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

interface Moment {
  instant?: Date;
  date?: string;
}

function momentOf(values: Array<string | undefined>, facts: TenantFacts, now: Date, locale: AgentLocale): Moment | null {
  const joined = values.filter(Boolean).join(" ").trim();
  if (!joined) return null;
  if (WITH_OFFSET.test(joined)) return { instant: new Date(joined) };
  const local = joined.match(LOCAL_DATE_TIME);
  if (local) {
    return { instant: instantAt(local[1]!, Number(local[2]) * 60 + Number(local[3]), facts.timeZone), date: local[1]! };
  }
  const when = parseWhen(joined, now, facts.timeZone, locale);
  if (!when) return null;
  const today = wallClockAt(now, facts.timeZone);
  if (when.minutes !== undefined) {
    const date = when.date ?? (when.minutes > today.minutes ? today.date : addDays(today.date, 1));
    return { instant: instantAt(date, when.minutes, facts.timeZone), date };
  }
  return when.date ? { date: when.date } : null;
}

export function createAgentTools(db: TenantDb) {
  const booking = createBooking(db);

  function serviceFor(name: string | undefined, facts: TenantFacts, locale: AgentLocale) {
    const service = name ? matchService(name, facts.services) : facts.services.length === 1 ? facts.services[0]! : null;
    if (!service) {
      const list = joinAlternatives(
        facts.services.map((s) => s.name),
        locale,
      );
      throw new ToolInputError(
        locale === "fr" ? `Prestation inconnue. Prestations proposées : ${list}.` : `Unknown service. Services offered: ${list}.`,
      );
    }
    return service;
  }

  function slotLine(slots: Slot[], facts: TenantFacts, locale: AgentLocale): string {
    return slots.map((s) => `${formatDateTime(s.startsAt, facts.timeZone, locale)} (${isoWithOffset(s.startsAt, facts.timeZone)})`).join("; ");
  }

  async function conversationId(externalId: string | undefined): Promise<string | null> {
    if (!externalId) return null;
    await db.$executeRaw`
      INSERT INTO conversations (tenant_id, channel, external_id, updated_at)
      VALUES (${requireTenantId("runAgentTool")}::uuid, 'voice'::"Channel", ${externalId}, now())
      ON CONFLICT (tenant_id, channel, external_id) DO NOTHING`;
    const row = await db.conversation.findFirst({ where: { channel: "voice", externalId }, select: { id: true } });
    return row?.id ?? null;
  }

  async function clientFor(name: string, phone: string, email: string | undefined): Promise<string> {
    await db.$executeRaw`
      INSERT INTO clients (tenant_id, name, phone, email, updated_at)
      VALUES (${requireTenantId("runAgentTool")}::uuid, ${name}, ${phone}, ${email ?? null}, now())
      ON CONFLICT (tenant_id, phone) DO NOTHING`;
    const client = await db.client.findFirst({ where: { phone }, select: { id: true } });
    if (!client) throw new Error("The client row could not be read back");
    return client.id;
  }

  async function callerAppointments(ctx: AgentToolContext, facts: TenantFacts, locale: AgentLocale, now: Date) {
    const phone = normalizePhone(ctx.callerPhone, facts.region);
    if (!phone) {
      throw new ToolInputError(locale === "fr" ? "Numéro de l'appelant inconnu." : "The caller's number is unknown.");
    }
    const client = await db.client.findFirst({ where: { phone }, select: { id: true } });
    const upcoming = client ? await booking.findUpcomingAppointmentsForClient(client.id, { now }) : [];
    if (!upcoming.length) {
      throw new ToolInputError(
        locale === "fr" ? "Aucun rendez-vous à venir pour ce numéro." : "No upcoming appointment for this phone number.",
      );
    }
    return upcoming;
  }

  function pickAppointment(
    upcoming: AppointmentSummary[],
    selector: { appointmentId?: string; startsAt?: string },
    facts: TenantFacts,
    locale: AgentLocale,
    now: Date,
  ): AppointmentSummary {
    if (selector.appointmentId) {
      const byId = upcoming.find((a) => a.id === selector.appointmentId);
      if (byId) return byId;
    }
    if (selector.startsAt) {
      const moment = momentOf([selector.startsAt], facts, now, locale);
      const matches = upcoming.filter((a) =>
        moment?.instant
          ? a.startsAt.getTime() === moment.instant.getTime()
          : moment?.date === wallClockAt(a.startsAt, facts.timeZone).date,
      );
      if (matches.length === 1) return matches[0]!;
    }
    if (upcoming.length === 1) return upcoming[0]!;
    const list = upcoming
      .map((a) => `${a.service} ${formatDateTime(a.startsAt, facts.timeZone, locale)} (${isoWithOffset(a.startsAt, facts.timeZone)})`)
      .join("; ");
    throw new ToolInputError(
      locale === "fr" ? `Plusieurs rendez-vous, précisez lequel : ${list}.` : `Several appointments, say which one: ${list}.`,
    );
  }

  function unavailableLine(error: SlotUnavailableError, facts: TenantFacts, locale: AgentLocale): string {
    const what = formatDateTime(error.startsAt, facts.timeZone, locale);
    const why =
      locale === "fr"
        ? { taken: `${what} est déjà pris.`, closed: `${what} est hors des heures d'ouverture.`, past: `${what} est passé.` }
        : { taken: `${what} is already taken.`, closed: `${what} is outside opening hours.`, past: `${what} is in the past.` };
    const alternatives = error.alternatives.length
      ? `${locale === "fr" ? " Créneaux libres les plus proches" : " Nearest free slots"}: ${slotLine(error.alternatives, facts, locale)}.`
      : "";
    return why[error.reason] + alternatives;
  }

  async function run(
    name: AgentToolName,
    args: Record<string, unknown>,
    ctx: AgentToolContext,
    conversation: string | null,
  ): Promise<string> {
    const now = ctx.now ?? new Date();
    const facts = await loadTenantFacts(db);
    const lang = (value: unknown): AgentLocale => (value === "fr" || value === "en" ? value : facts.defaultLocale);

    switch (name) {
      case "check_availability": {
        const a = schemas.check_availability.parse(args);
        const locale = lang(a.language);
        const service = serviceFor(a.service, facts, locale);
        const moment = momentOf([a.date, a.time], facts, now, locale);
        if (moment?.instant) {
          const check = await booking.checkSlot({ serviceId: service.id, startsAt: moment.instant, now });
          if (check.status === "free") {
            const when = formatDateTime(moment.instant, facts.timeZone, locale);
            const at = isoWithOffset(moment.instant, facts.timeZone);
            return locale === "fr" ? `${service.name} : ${when} (${at}) est libre.` : `${service.name}: ${when} (${at}) is free.`;
          }
          return unavailableLine(new SlotUnavailableError(check.status, moment.instant, check.alternatives), facts, locale);
        }
        if (moment?.date) {
          const from = instantAt(moment.date, 0, facts.timeZone);
          const to = instantAt(addDays(moment.date, 1), 0, facts.timeZone);
          const slots = (await booking.findAvailableSlots({ serviceId: service.id, from, to, now })).slice(0, 8);
          const day = formatDay(moment.date, locale);
          if (slots.length) {
            const times = slots.map((s) => `${formatTime(wallClockAt(s.startsAt, facts.timeZone).minutes, locale)} (${isoWithOffset(s.startsAt, facts.timeZone)})`);
            return locale === "fr"
              ? `${service.name}, créneaux libres le ${day} : ${times.join(", ")}.`
              : `${service.name}, free slots on ${day}: ${times.join(", ")}.`;
          }
          const nearest = await booking.nearestFreeSlots(service.id, instantAt(moment.date, 9 * 60, facts.timeZone), 3, now);
          return locale === "fr"
            ? `Aucun créneau libre le ${day}. Les plus proches : ${slotLine(nearest, facts, locale) || "aucun"}.`
            : `No free slot on ${day}. Nearest: ${slotLine(nearest, facts, locale) || "none"}.`;
        }
        const next = await booking.nearestFreeSlots(service.id, now, 3, now);
        return locale === "fr"
          ? `${service.name}, prochains créneaux libres : ${slotLine(next, facts, locale) || "aucun"}.`
          : `${service.name}, next free slots: ${slotLine(next, facts, locale) || "none"}.`;
      }

      case "book_appointment": {
        const a = schemas.book_appointment.parse(args);
        const locale = lang(a.language);
        const service = serviceFor(a.service, facts, locale);
        const moment = momentOf([a.startsAt], facts, now, locale);
        if (!moment?.instant) throw new ToolInputError(`startsAt: ${WHEN_HELP}.`);
        const phone = normalizePhone(a.phone ?? ctx.callerPhone, facts.region);
        if (!phone) {
          throw new ToolInputError(locale === "fr" ? "Il faut un numéro de téléphone." : "A phone number is needed.");
        }
        const clientId = await clientFor(a.name, phone, a.email);
        const booked = await booking.bookAppointment({
          serviceId: service.id,
          clientId,
          startsAt: moment.instant,
          channel: "voice",
          conversationId: conversation,
          now,
        });
        const when = formatDateTime(booked.startsAt, facts.timeZone, locale);
        return locale === "fr"
          ? `Réservé : ${booked.service} le ${when} au nom de ${a.name} (référence ${booked.id}).`
          : `Booked: ${booked.service} on ${when} for ${a.name} (reference ${booked.id}).`;
      }

      case "cancel_appointment": {
        const a = schemas.cancel_appointment.parse(args);
        const locale = lang(a.language);
        const upcoming = await callerAppointments(ctx, facts, locale, now);
        const target = pickAppointment(upcoming, a, facts, locale, now);
        const cancelled = await booking.cancelAppointment(target.id);
        const when = formatDateTime(cancelled.startsAt, facts.timeZone, locale);
        return locale === "fr" ? `Annulé : ${cancelled.service} du ${when}.` : `Cancelled: ${cancelled.service} on ${when}.`;
      }

      case "reschedule_appointment": {
        const a = schemas.reschedule_appointment.parse(args);
        const locale = lang(a.language);
        const upcoming = await callerAppointments(ctx, facts, locale, now);
        const target = pickAppointment(
          upcoming,
          { ...(a.appointmentId ? { appointmentId: a.appointmentId } : {}), ...(a.currentStartsAt ? { startsAt: a.currentStartsAt } : {}) },
          facts,
          locale,
          now,
        );
        const moment = momentOf([a.newStartsAt], facts, now, locale);
        if (!moment?.instant) throw new ToolInputError(`newStartsAt: ${WHEN_HELP}.`);
        const moved = await booking.rescheduleAppointment(target.id, moment.instant, { now });
        const when = formatDateTime(moved.startsAt, facts.timeZone, locale);
        return locale === "fr" ? `Déplacé : ${moved.service} le ${when}.` : `Moved: ${moved.service} to ${when}.`;
      }

      case "transfer_call": {
        schemas.transfer_call.parse(args);
        if (conversation) await db.conversation.update({ where: { id: conversation }, data: { status: "handed_off" } });
        if (!facts.transferPhone) throw new ToolInputError("No transfer number is configured; take a message instead.");
        return `Transfer the call to ${facts.transferPhone}.`;
      }
    }
  }

  /** Runs one tool; mistakes (bad arguments, taken slot, unknown appointment) come back as `{ error }`. */
  async function runAgentTool(
    name: AgentToolName | (string & {}),
    args: Record<string, unknown>,
    ctx: AgentToolContext,
  ): Promise<AgentToolResult> {
    const conversation = await conversationId(ctx.conversationExternalId);
    const outcome = await outcomeOf(name, args ?? {}, ctx, conversation);
    if (conversation) {
      await db.message.create({
        data: {
          conversationId: conversation,
          role: "tool",
          content: "result" in outcome ? outcome.result : outcome.error,
          metadata: { tool: name, ok: "result" in outcome },
        },
      });
    }
    return outcome;
  }

  async function outcomeOf(
    name: string,
    args: Record<string, unknown>,
    ctx: AgentToolContext,
    conversation: string | null,
  ): Promise<AgentToolResult> {
    if (!(name in schemas)) return { error: `Unknown tool ${name}.` };
    try {
      return { result: await run(name as AgentToolName, args, ctx, conversation) };
    } catch (error) {
      if (error instanceof z.ZodError) {
        const issue = error.issues[0];
        return { error: `Invalid arguments: ${issue?.path.join(".") || "input"}: ${issue?.message ?? "invalid"}.` };
      }
      if (error instanceof ToolInputError) return { error: error.message };
      if (error instanceof SlotUnavailableError) {
        const facts = await loadTenantFacts(db);
        const locale = args?.language === "en" || args?.language === "fr" ? args.language : facts.defaultLocale;
        return { error: unavailableLine(error, facts, locale) };
      }
      if (error instanceof AppointmentNotFoundError) return { error: "That appointment no longer exists." };
      if (error instanceof ServiceNotFoundError) return { error: "That service is no longer offered." };
      throw error;
    }
  }

  return { runAgentTool };
}
