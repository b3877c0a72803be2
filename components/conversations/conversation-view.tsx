import type { ReactNode } from "react";
import type { AgentAction, ConversationDetail, TranscriptMessage } from "@/lib/conversations";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import type { conversationsMessages } from "@/lib/i18n/conversations-messages";
import { ConversationStatusBadge } from "./status-badge";
import { formatDateTime, formatDuration } from "./time-format";

type T = Messages<keyof (typeof conversationsMessages)["en"]>;

interface ViewProps {
  conversation: ConversationDetail;
  locale: UiLocale;
  timeZone: string;
  t: T;
}

function When({ iso, locale, timeZone }: { iso: string; locale: UiLocale; timeZone: string }) {
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {formatDateTime(iso, locale, timeZone)}
    </time>
  );
}

export function ConversationFacts({ conversation: c, locale, timeZone, t }: ViewProps) {
  const facts: Array<[string, ReactNode]> = [
    [t.channel, t[`channel_${c.channel}`]],
    [t.status, <ConversationStatusBadge key="status" status={c.status} t={t} />],
    [t.started, <When key="started" iso={c.startedAt} locale={locale} timeZone={timeZone} />],
    ...(c.endedAt ? ([[t.ended, <When key="ended" iso={c.endedAt} locale={locale} timeZone={timeZone} />]] as Array<[string, ReactNode]>) : []),
    [t.duration, formatDuration(c.durationSeconds)],
    ...(c.clientPhone ? ([[t.contact, c.clientPhone]] as Array<[string, ReactNode]>) : []),
    ...(c.clientEmail ? ([[t.email, c.clientEmail]] as Array<[string, ReactNode]>) : []),
    ...(c.endedReason ? ([[t.endedReason, c.endedReason]] as Array<[string, ReactNode]>) : []),
  ];
  return (
    <dl aria-label={t.detailsLabel} className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-ink-muted">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function secondsLabel(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

const BUBBLE: Record<TranscriptMessage["role"], string> = {
  caller: "bg-slate-100",
  agent: "bg-brand-50",
  staff: "bg-amber-50",
  system: "bg-white ring-1 ring-slate-200",
  tool: "bg-white ring-1 ring-dashed ring-slate-300 font-mono text-xs",
};

/** The person on the other side is a caller on the phone, a visitor in the web chat, a sender on WhatsApp. */
function roleLabel(role: TranscriptMessage["role"], channel: ConversationDetail["channel"], t: T): string {
  if (role !== "caller" || channel === "voice") return t[`role_${role}`];
  return t[`role_caller_${channel}`];
}

/** Why model mode fell back to the keyword rules, from lib/agent's ModelFallbackReason codes. */
function fallbackText(reason: string | null, t: T): string {
  const http = reason?.match(/^http_(\d{3})$/);
  if (http) return fillMessage(t.fallback_http, { status: http[1]! });
  switch (reason) {
    case "timeout":
    case "network_error":
    case "no_api_key":
    case "key_unreadable":
    case "stale_context":
    case "token_limit":
      return t[`fallback_${reason}`];
    case "invalid_json":
    case "schema_mismatch":
    case "response_too_large":
      return t.fallback_unreadable;
    case "invalid_base_url":
    case "blocked_scheme":
    case "insecure_scheme":
    case "blocked_address":
    case "unresolvable_host":
      return t.fallback_base_url;
    default:
      return fillMessage(t.fallback_other, { reason: reason ?? "?" });
  }
}

export function Transcript({ conversation: c, locale, timeZone, t }: ViewProps) {
  if (c.messages.length === 0) {
    if (c.rawTranscript) {
      return (
        <div>
          <p className="mb-2 text-sm text-ink-muted">{t.rawTranscript}</p>
          <pre className="whitespace-pre-wrap rounded-lg bg-slate-50 p-4 text-sm">{c.rawTranscript}</pre>
        </div>
      );
    }
    return <p className="text-sm text-ink-muted">{t.noMessages}</p>;
  }
  return (
    <ol aria-label={t.transcript} className="space-y-3">
      {c.messages.map((m) => (
        <li key={m.id} data-role={m.role} className={`max-w-3xl rounded-lg px-4 py-3 ${BUBBLE[m.role]} ${m.role === "caller" ? "" : "ml-auto"}`}>
          <p className="text-xs text-ink-muted">
            <span className="font-semibold text-ink">{roleLabel(m.role, c.channel, t)}</span>
            {" · "}
            {m.secondsFromStart !== null ? (
              fillMessage(t.secondsIn, { time: secondsLabel(m.secondsFromStart) })
            ) : (
              <When iso={m.at} locale={locale} timeZone={timeZone} />
            )}
          </p>
          <p className="mt-1 whitespace-pre-wrap text-sm">{m.content}</p>
          {m.understanding ? (
            <p className="mt-1 text-xs text-ink-muted" data-testid="read-by">
              {m.understanding.mode === "model"
                ? fillMessage(t.readByModel, { model: m.understanding.model ?? "" })
                : fillMessage(t.readByRules, { reason: fallbackText(m.understanding.fallback, t) })}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function actionText(a: AgentAction, locale: UiLocale, timeZone: string, t: T): string {
  switch (a.kind) {
    case "booked":
    case "moved":
    case "cancelled": {
      const text = fillMessage(t[`action_${a.kind}`], { service: a.service, when: formatDateTime(a.startsAt, locale, timeZone) });
      // Only worth saying when it changed since the conversation.
      const changed = a.currentStatus && a.currentStatus !== (a.kind === "cancelled" ? "cancelled" : "booked");
      return changed ? `${text} (${fillMessage(t.nowStatus, { status: t[`appointment_${a.currentStatus!}`] })})` : text;
    }
    case "handoff": {
      const extra = [a.transferPhone ? fillMessage(t.handoffTo, { phone: a.transferPhone }) : null, a.reason].filter(Boolean);
      return extra.length ? `${t.action_handoff} (${extra.join(", ")})` : t.action_handoff;
    }
    case "tool":
      return `${fillMessage(t.toolCall, { tool: a.tool })} ${a.ok ? t.toolOk : t.toolFailed}: ${a.result}`;
  }
}

export function AgentActions({ conversation: c, locale, timeZone, t }: ViewProps) {
  if (c.actions.length === 0) return <p className="text-sm text-ink-muted">{t.noActions}</p>;
  return (
    <ol aria-label={t.actionsHeading} className="space-y-2">
      {c.actions.map((a, i) => (
        <li key={i} data-action={a.kind} className="rounded-lg border border-slate-200 px-3 py-2 text-sm">
          <p className="text-xs text-ink-muted">
            <When iso={a.at} locale={locale} timeZone={timeZone} />
          </p>
          <p>{actionText(a, locale, timeZone, t)}</p>
        </li>
      ))}
    </ol>
  );
}

export function LinkedAppointments({ conversation: c, locale, timeZone, t }: ViewProps) {
  if (c.appointments.length === 0) return null;
  return (
    <section aria-labelledby="linked-heading">
      <h2 id="linked-heading" className="mb-2 text-lg font-semibold">
        {t.linkedHeading}
      </h2>
      <ul className="space-y-1 text-sm">
        {c.appointments.map((a) => (
          <li key={a.id}>
            {a.service} · <When iso={a.startsAt} locale={locale} timeZone={timeZone} /> · {t[`appointment_${a.status}`]}
          </li>
        ))}
      </ul>
    </section>
  );
}
