import "server-only";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import { activitySentenceMessages } from "@/lib/i18n/activity-messages";
import { formatCalendarDate, formatInstant } from "@/lib/i18n/date-format";
import { domainSentence } from "./domain-sentences";

/*
 * Turns one audit event into a sentence a business owner can read. The trail
 * stores codes and ids (it must never hold names or phone numbers, since it
 * cannot be erased); names are looked up at read time within the tenant, so
 * an erased client reads as "a deleted client". Only allow-listed metadata
 * keys reach a sentence; the generic fallback drops secret-looking keys and
 * raw ids.
 */

type S = Messages<keyof (typeof activitySentenceMessages)["en"]>;

export interface ActivityNames {
  members: Map<string, string>;
  clients: Map<string, string>;
  services: Map<string, string>;
  appointments: Map<string, { startsAt: Date; service: string; client: string }>;
  invitations: Map<string, string>;
}

export interface RawActivityEvent {
  action: string;
  target: string | null;
  at: Date;
  /** Already stripped of secret-looking keys. */
  metadata: Record<string, unknown>;
}

export interface ActivityDescription {
  summary: string;
  /** Labelled values, for actions without a sentence of their own. */
  facts: Array<{ label: string; value: string }>;
}

export interface DescribeOptions {
  locale: UiLocale;
  timeZone: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HALF_YEAR = 183 * 86_400_000;

/** The id in a target like `client:<uuid>`, when the target is of that kind. */
export function targetId(target: string | null, kind: string): string | null {
  if (!target?.startsWith(`${kind}:`)) return null;
  const id = target.slice(kind.length + 1);
  return UUID.test(id) ? id : null;
}

/** "Tue, Dec 1, 4:00 PM" / "mar. 1 déc., 16:00"; the year only when far from when the event happened. */
function formatMentionedInstant(instant: Date, eventAt: Date, { locale, timeZone }: DescribeOptions): string {
  const withYear = Math.abs(instant.getTime() - eventAt.getTime()) > HALF_YEAR;
  return formatInstant(instant, timeZone, locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(withYear ? { year: "numeric" } : {}),
    hour: "numeric",
    minute: "2-digit",
  });
}

/** A local "YYYY-MM-DD" (closures) with its weekday and year. */
function formatLocalDate(date: string, locale: UiLocale): string {
  return formatCalendarDate(date, locale, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}

function asString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : null;
}

function asInstant(value: unknown): Date | null {
  if (typeof value !== "string" || !INSTANT.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function plural(s: S, locale: UiLocale, base: "appointments" | "conversations", count: number): string {
  const form = new Intl.PluralRules(locale).select(count) === "one" ? "one" : "other";
  return fillMessage(s[`${base}_${form}`], { count });
}

function roleName(s: S, role: unknown): string {
  return role === "owner" || role === "admin" || role === "staff" || role === "viewer" ? s[`role_${role}`] : (asString(role) ?? "?");
}

function languageName(code: unknown, locale: UiLocale): string {
  const c = asString(code);
  if (!c) return "?";
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(c) ?? c;
  } catch {
    return c;
  }
}

const PROVIDERS: Record<string, string> = { twilio: "Twilio", vapi: "Vapi", openai: "OpenAI", whatsapp: "WhatsApp", stripe: "Stripe" };

/** `twilio/auth_token` → "Twilio auth token"; the target names the key, never its value. */
function providerKeyName(target: string | null): string {
  const [provider = "", name = ""] = (target ?? "").split("/");
  return `${PROVIDERS[provider] ?? provider} ${name.replace(/_/g, " ")}`.trim();
}

/** "channel.widget_key.created" → "Channel widget key created"; "startsAt" → "Starts at". */
function humanise(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[._-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function humanValue(value: unknown, event: RawActivityEvent, names: ActivityNames, s: S, opts: DescribeOptions): string | null {
  if (typeof value === "boolean") return value ? s.yes : s.no;
  if (typeof value === "number") return new Intl.NumberFormat(opts.locale).format(value);
  if (typeof value === "string") {
    if (UUID.test(value)) return names.members.get(value) ?? names.clients.get(value) ?? names.services.get(value) ?? null;
    const instant = asInstant(value);
    if (instant) return formatMentionedInstant(instant, event.at, opts);
    if (LOCAL_DATE.test(value)) return formatLocalDate(value, opts.locale);
    return value;
  }
  if (Array.isArray(value)) {
    const parts = value.map((v) => humanValue(v, event, names, s, opts)).filter((v): v is string => v !== null);
    return parts.length ? parts.join(", ") : null;
  }
  if (value === null || value === undefined) return null;
  return JSON.stringify(value);
}

function fallback(event: RawActivityEvent, names: ActivityNames, s: S, opts: DescribeOptions): ActivityDescription {
  const facts = Object.entries(event.metadata).flatMap(([key, value]) => {
    const shown = humanValue(value, event, names, s, opts);
    return shown === null ? [] : [{ label: humanise(key), value: shown.length > 200 ? `${shown.slice(0, 199)}…` : shown }];
  });
  return { summary: humanise(event.action), facts };
}

function appointmentDetails(parts: Array<string | null | undefined>): string {
  const present = parts.filter((p): p is string => !!p);
  return present.length ? ` (${present.join(", ")})` : "";
}

function sentence(event: RawActivityEvent, names: ActivityNames, s: S, opts: DescribeOptions): string | null {
  const m = event.metadata;
  const when = (value: unknown) => {
    const instant = value instanceof Date ? value : asInstant(value);
    return instant ? formatMentionedInstant(instant, event.at, opts) : null;
  };
  const memberName = (id: string | null) => (id ? (names.members.get(id) ?? s.formerMember) : s.formerMember);
  const clientName = (id: string | null) => (id ? (names.clients.get(id) ?? s.deletedClient) : s.deletedClient);
  const fill = (template: string, values: Record<string, string | number>) => fillMessage(template, values);

  switch (event.action) {
    case "auth.sign_in":
      return s.auth_sign_in;
    case "auth.sign_out":
      return s.auth_sign_out;
    case "auth.sign_in_failed":
      return s.auth_sign_in_failed;
    case "auth.locked":
      return s.auth_locked;
    case "account.name_changed":
      return fill(s.account_name_changed, { from: asString(m.from) ?? "", to: asString(m.to) ?? "" });
    case "account.password_changed":
      return s.account_password_changed;
    case "account.password_change_failed":
      return m.reason === "locked" ? s.account_password_change_failed_locked : s.account_password_change_failed;
    case "agent.mode_changed": {
      const mode = (value: unknown) =>
        value === "model" ? fill(s.agent_mode_model, { model: asString(m.model) ?? "?" }) : value === "deterministic" ? s.agent_mode_deterministic : (asString(value) ?? "?");
      return fill(s.agent_mode_changed, { from: mode(m.from), to: mode(m.to) });
    }
    case "appointment.created": {
      const clientId = asString(m.clientId);
      const client = clientId && UUID.test(clientId) ? clientName(clientId) : null;
      const base = fill(s.appointment_created, { when: when(m.startsAt) ?? "?" });
      return base + appointmentDetails([asString(m.service), client && m.newClient === true ? fill(s.newClient, { client }) : client]);
    }
    case "appointment.moved": {
      const appointment = names.appointments.get(targetId(event.target, "appointment") ?? "");
      return fill(s.appointment_moved, { from: when(m.from) ?? "?", to: when(m.to) ?? "?" }) + appointmentDetails([appointment?.service, appointment?.client]);
    }
    case "appointment.cancelled":
    case "appointment.completed":
    case "appointment.no_show": {
      const kind = event.action.slice("appointment.".length) as "cancelled" | "completed" | "no_show";
      const appointment = names.appointments.get(targetId(event.target, "appointment") ?? "");
      if (!appointment) return s[`appointment_${kind}_bare`];
      return fill(s[`appointment_${kind}`], { when: when(appointment.startsAt)! }) + appointmentDetails([appointment.service, appointment.client]);
    }
    case "channel.number.claimed":
    case "channel.number.released": {
      const channel = m.channel === "voice" || m.channel === "whatsapp" || m.channel === "web" ? s[`channelNoun_${m.channel}`] : (asString(m.channel) ?? "");
      const template = event.action === "channel.number.claimed" ? s.channel_number_claimed : s.channel_number_released;
      return fill(template, { channel, number: asString(m.number) ?? "" });
    }
    case "channel.widget_key.created":
      return fill(s.channel_widget_key_created, { prefix: asString(m.prefix) ?? "" });
    case "channel.widget_key.revoked":
      return fill(s.channel_widget_key_revoked, { prefix: asString(m.prefix) ?? "" });
    case "channel.widget_key.origins_updated": {
      const origins = Array.isArray(m.allowedOrigins) ? m.allowedOrigins.filter((o): o is string => typeof o === "string") : [];
      return fill(s.channel_widget_key_origins_updated, { prefix: asString(m.prefix) ?? "", origins: origins.length ? origins.join(", ") : s.noOrigins });
    }
    case "client.created":
      return fill(s.client_created, { client: clientName(targetId(event.target, "client")) });
    case "client.updated": {
      const client = clientName(targetId(event.target, "client"));
      const fields = (Array.isArray(m.fields) ? (m.fields as unknown[]) : []).flatMap((f) =>
        f === "name" || f === "phone" || f === "email" || f === "notes" ? [s[`field_${f}`]] : [],
      );
      return fields.length ? fill(s.client_updated, { client, fields: fields.join(", ") }) : fill(s.client_updated_bare, { client });
    }
    case "client.deleted":
      return fill(s.client_deleted, {
        appointments: plural(s, opts.locale, "appointments", Number(m.appointments) || 0),
        conversations: plural(s, opts.locale, "conversations", Number(m.conversations) || 0),
      });
    case "faq.created":
      return fill(s.faq_created, { language: languageName(m.language, opts.locale) });
    case "faq.updated":
      return fill(s.faq_updated, { language: languageName(m.language, opts.locale) });
    case "faq.deleted":
      return s.faq_deleted;
    case "invitation.sent":
      return fill(s.invitation_sent, { email: asString(m.email) ?? "?", role: roleName(s, m.role) });
    case "invitation.revoked": {
      const email = names.invitations.get(targetId(event.target, "invitation") ?? "");
      return email ? fill(s.invitation_revoked, { email }) : s.invitation_revoked_bare;
    }
    case "invitation.accepted":
      return fill(s.invitation_accepted, { role: roleName(s, m.role) });
    case "member.role_changed":
      return fill(s.member_role_changed, { member: memberName(targetId(event.target, "user")), from: roleName(s, m.from), to: roleName(s, m.to) });
    case "member.removed":
      return fill(s.member_removed, { member: memberName(targetId(event.target, "user")), role: roleName(s, m.role) });
    case "ownership.transferred":
      return fill(s.ownership_transferred, { member: memberName(targetId(event.target, "user")) });
    case "secret.saved":
      return fill(s.secret_saved, { key: providerKeyName(event.target) });
    case "secret.deleted":
      return fill(s.secret_deleted, { key: providerKeyName(event.target) });
    case "service.created":
    case "service.updated":
    case "service.deleted": {
      const id = targetId(event.target, "service");
      const service = asString(m.name) ?? (id ? names.services.get(id) : undefined) ?? s.deletedService;
      if (event.action === "service.updated" && m.active === false) return fill(s.service_updated_inactive, { service });
      return fill(s[event.action === "service.created" ? "service_created" : event.action === "service.updated" ? "service_updated" : "service_deleted"], { service });
    }
    case "settings.agent.updated":
      return s.settings_agent_updated;
    case "settings.business.updated":
      return s.settings_business_updated;
    case "settings.updated":
      return s.settings_updated;
    case "settings.hours.updated":
      return s.settings_hours_updated;
    case "settings.closure.created": {
      const from = asString(m.startsOn);
      const to = asString(m.endsOn);
      if (!from || !to || !LOCAL_DATE.test(from) || !LOCAL_DATE.test(to)) return null;
      return fill(s.settings_closure_created, { from: formatLocalDate(from, opts.locale), to: formatLocalDate(to, opts.locale) });
    }
    case "settings.closure.deleted":
      return s.settings_closure_deleted;
    case "tenant.created":
      return fill(s.tenant_created, { plan: asString(m.plan) ?? "?", days: asString(m.trialDays) ?? "?" });
    case "tenant.delete_refused":
      return s.tenant_delete_refused;
    case "tenant.switched":
      return fill(s.tenant_switched, { from: asString(m.from) ?? "?" });
    case "tenant.suspend":
      return s.tenant_suspend;
    case "support.enter":
      return s.support_enter;
    default: // Each domain's own sentences, null when the action is not theirs.
      const tools = { s, when, asString, member: () => memberName(targetId(event.target, "user")), invitations: names.invitations, target: event.target };
      return domainSentence(event, tools, opts.locale);
  }
}

/** Every action the code base writes has a sentence; anything else gets the generic form. */
export function describeActivity(event: RawActivityEvent, names: ActivityNames, opts: DescribeOptions): ActivityDescription {
  const s = activitySentenceMessages[opts.locale];
  const summary = sentence(event, names, s, opts);
  return summary === null ? fallback(event, names, s, opts) : { summary, facts: [] };
}
