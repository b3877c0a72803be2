import "server-only";
import { tenantDb } from "@/lib/db";
import { appointmentLinkUrl, signAppointmentLink } from "./appointment-link";
import { sendClientEmail, sendWhatsApp, whatsAppCredentials, type DeliveryResult, type WhatsAppCredentials } from "./message-delivery";
import { localeOf, messageText } from "./message-text";
import { optedOutAmong } from "./opt-outs";
import { abandonStaleClaims, claimDueMessages, settleMessage, type ClaimedMessage, type Outcome } from "./outbox-claims";
import { planDueReminders } from "./reminder-planning";
import { reminderDueAt, reminderFor, reminderSettingsOf, type ReminderKind, type ReminderSettings } from "./reminder-settings";
import { requireTenantId } from "@/lib/tenancy";

/*
 * One run of the current tenant's client messages (the messaging.dispatch
 * job): write the reminders due now, then claim and send what is pending.
 * Everything is re-checked at send time against the appointment as it is
 * now, so a cancelled or moved appointment, an opt-out or a reminder turned
 * off meanwhile sends nothing. Never throws for one message: each ends
 * sent, skipped, failed (with a reason the console shows) or due again.
 */

const MAX_ATTEMPTS = 5;
const MAX_BATCHES = 20;
const MINUTE = 60_000;

export interface DispatchSummary {
  planned: number;
  sent: number;
  skipped: number;
  failed: number;
  retrying: number;
}

interface TenantFacts {
  tenantId: string;
  name: string;
  timeZone: string;
  locale: "fr" | "en";
  settings: ReminderSettings;
  whatsAppSender: string | null;
  credentials: () => Promise<WhatsAppCredentials | null>;
}

/** Why this message must not go now, or null. */
function staleReason(m: ClaimedMessage, t: TenantFacts, now: Date): string | null {
  if (m.startsAt <= now) return "The appointment has already started";
  if (m.kind === "cancelled") return m.appointmentStatus === "cancelled" ? null : "The appointment is no longer cancelled";
  if (m.appointmentStatus !== "booked") return "The appointment was cancelled";
  if (m.kind === "booked" || m.kind === "moved") return m.superseded ? "A later change of this appointment was confirmed instead" : null;
  const reminder = reminderFor(t.settings, m.kind as ReminderKind);
  if (!reminder.enabled) return "This reminder is turned off";
  if (reminderDueAt(m.startsAt, reminder.hoursBefore, t.timeZone).getTime() !== m.scheduledFor.getTime()) {
    return "The appointment was moved or the reminder retimed";
  }
  return null;
}

type Route = { via: "whatsapp"; to: string } | { via: "email"; to: string } | null;

/** The channel the client used: WhatsApp back to WhatsApp, callers and console bookings by WhatsApp else email, web by email. */
function routeFor(m: ClaimedMessage, t: TenantFacts): Route {
  const whatsApp = t.whatsAppSender && m.phone ? ({ via: "whatsapp", to: m.phone } as const) : null;
  const email = m.email ? ({ via: "email", to: m.email } as const) : null;
  if (m.channel === "web") return email;
  if (m.channel === "whatsapp") return whatsApp;
  return whatsApp ?? email;
}

async function deliver(m: ClaimedMessage, t: TenantFacts, now: Date): Promise<Outcome> {
  const stale = staleReason(m, t, now);
  if (stale) return { status: "skipped", reason: stale };
  const route = routeFor(m, t);
  if (!route) return { status: "skipped", reason: "No WhatsApp number or email to reach this client on" };
  const addresses = [m.phone, m.email?.toLowerCase()].filter((a): a is string => !!a);
  if ((await optedOutAmong(addresses)).length) return { status: "skipped", reason: "The client opted out (STOP)" };

  const token = signAppointmentLink({ tenantId: t.tenantId, appointmentId: m.appointmentId, expiresAt: m.startsAt });
  const text = messageText({
    kind: m.kind,
    business: t.name,
    service: m.service,
    startsAt: m.startsAt,
    timeZone: t.timeZone,
    locale: t.locale,
    linkUrl: appointmentLinkUrl(token),
    via: route.via,
  });
  let result: DeliveryResult;
  if (route.via === "whatsapp") {
    const credentials = await t.credentials();
    if (!credentials) {
      return { status: "failed", via: "whatsapp", recipient: route.to, reason: "Twilio credentials missing: store the Account SID and Auth Token on the Provider keys page" };
    }
    result = await sendWhatsApp(credentials, t.whatsAppSender!, route.to, text.body);
  } else {
    result = await sendClientEmail(route.to, text.subject, text.body);
  }
  if (result.ok) return { status: "sent", via: route.via, recipient: route.to, body: text.body, providerId: result.providerId };
  if (result.retry && m.attempts < MAX_ATTEMPTS) {
    // 1, 4, 16, 64 minutes: a provider outage is ridden out, a reminder is not hours late.
    return { status: "retry", reason: result.reason, at: new Date(now.getTime() + 4 ** (m.attempts - 1) * MINUTE) };
  }
  return { status: "failed", via: route.via, recipient: route.to, reason: result.retry ? `${result.reason}; gave up after ${m.attempts} tries` : result.reason };
}

async function tenantFacts(): Promise<TenantFacts> {
  const db = tenantDb();
  const tenant = await db.tenant.findFirst({ select: { name: true, timezone: true, locale: true, settings: true } });
  if (!tenant) throw new Error("The current tenant does not exist");
  const sender = await db.channelRoute.findFirst({ where: { channel: "whatsapp", active: true, revokedAt: null }, select: { key: true }, orderBy: { createdAt: "asc" } });
  let credentials: Promise<WhatsAppCredentials | null> | undefined;
  return {
    tenantId: requireTenantId("Client messages"),
    name: tenant.name,
    timeZone: tenant.timezone,
    locale: localeOf(tenant.locale),
    settings: reminderSettingsOf(tenant.settings),
    whatsAppSender: sender?.key ?? null,
    credentials: () => (credentials ??= whatsAppCredentials()),
  };
}

export async function dispatchClientMessages(now: Date): Promise<DispatchSummary> {
  const facts = await tenantFacts();
  await abandonStaleClaims(now);
  const summary: DispatchSummary = { planned: await planDueReminders(facts.settings, facts.timeZone, now), sent: 0, skipped: 0, failed: 0, retrying: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await claimDueMessages(now);
    if (!claimed.length) break;
    for (const message of claimed) {
      const outcome = await deliver(message, facts, now).catch(
        (): Outcome =>
          message.attempts < MAX_ATTEMPTS
            ? { status: "retry", reason: "Unexpected error while sending", at: new Date(now.getTime() + MINUTE) }
            : { status: "failed", reason: "Unexpected error while sending; gave up" },
      );
      await settleMessage(message.id, outcome, now);
      if (outcome.status === "retry") summary.retrying++;
      else summary[outcome.status]++;
    }
  }
  return summary;
}
