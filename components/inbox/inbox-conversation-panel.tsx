"use client";

import { useCallback, useEffect, useState } from "react";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { useToast } from "@/components/ui/toaster";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import type { inboxMessages } from "@/lib/i18n/inbox-messages";
import type { InboxConversation, InboxMessage } from "@/lib/inbox/inbox-list";

type T = Messages<keyof (typeof inboxMessages)["en"]>;

// New messages from the client appear while the page is open.
const POLL_MS = 2000;
const REASONS = ["whatsapp_window_closed", "whatsapp_no_inbound", "whatsapp_not_configured", "whatsapp_refused", "whatsapp_unreachable", "not_taken_over"] as const;

export function InboxConversationPanel({ initial, t, locale, timeZone }: { initial: InboxConversation; t: T; locale: UiLocale; timeZone: string }) {
  const [c, setC] = useState(initial);
  const [text, setText] = useState("");
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { notify } = useToast();
  const url = `/api/inbox/${c.id}`;

  const reload = useCallback(async () => {
    try {
      setC(await apiRequest<InboxConversation>(url, "GET"));
    } catch {
      // The next poll tries again.
    }
  }, [url]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  async function act(path: string, body: unknown, done: string): Promise<boolean> {
    setPending(true);
    setRefusal(null);
    try {
      await apiRequest(`${url}/${path}`, "POST", body);
      notify("success", done);
      await reload();
      return true;
    } catch (error) {
      const reason = error instanceof ApiRequestError ? error.details.reason : undefined;
      const known = REASONS.find((r) => r === reason);
      const message = known ? t[`reason_${known}`] : error instanceof Error ? error.message : String(error);
      setRefusal(message);
      notify("error", message);
      return false;
    } finally {
      setPending(false);
    }
  }

  const when = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  const channel = t[`channel_${c.channel}`];
  const button = "rounded-lg px-3 py-1.5 text-sm font-semibold disabled:opacity-50";

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">{fillMessage(t.detailTitle, { client: c.client ?? c.phone ?? t.unknownClient, channel })}</h1>
        <p className="mt-1 text-sm text-slate-600" data-testid="inbox-state">
          {c.takenOver ? t.takenOverNote : t.takeOverHint}
        </p>
      </div>
      <ol className="flex max-w-3xl flex-col gap-2" aria-label={t.title} data-testid="inbox-transcript">
        {c.messages.map((m) => (
          <MessageLine key={m.id} m={m} t={t} when={when} />
        ))}
      </ol>
      {refusal ? (
        <p role="alert" className="max-w-3xl rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-200" data-testid="inbox-refusal">
          {refusal}
        </p>
      ) : null}
      {c.channel === "voice" ? (
        <section aria-labelledby="call-back-heading" className="max-w-3xl space-y-2">
          <h2 id="call-back-heading" className="text-lg font-semibold">{t.callBackHeading}</h2>
          <p className="text-sm text-slate-600">{t.callBackIntro}</p>
          {c.phone ? (
            <a href={`tel:${c.phone}`} className="inline-block font-semibold text-brand-800 underline" data-testid="call-back-link">
              {fillMessage(t.callNumber, { phone: c.phone })}
            </a>
          ) : (
            <p className="text-sm">{t.noNumber}</p>
          )}
          <div className="flex gap-2">
            <button type="button" disabled={pending} className={`${button} bg-brand-700 text-white`} onClick={() => void act("called-back", { outcome: "reached" }, t.calledBackReached)}>
              {t.calledBackReached}
            </button>
            <button type="button" disabled={pending} className={`${button} ring-1 ring-slate-300`} onClick={() => void act("called-back", { outcome: "no_answer" }, t.calledBackNoAnswer)}>
              {t.calledBackNoAnswer}
            </button>
          </div>
        </section>
      ) : c.takenOver ? (
        <form
          className="max-w-3xl space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            void act("reply", { text }, t.replySent).then((ok) => ok && setText(""));
          }}
        >
          <label htmlFor="inbox-reply" className="block text-sm font-medium">{t.replyLabel}</label>
          <textarea id="inbox-reply" value={text} onChange={(e) => setText(e.target.value)} maxLength={1600} rows={3} className="w-full rounded-lg border border-slate-300 p-2 text-sm" />
          {c.whatsapp?.open ? <p className="text-xs text-slate-600">{fillMessage(t.whatsappOpenUntil, { when: when(c.whatsapp.closesAt) })}</p> : null}
          {c.whatsapp && !c.whatsapp.open ? <p className="text-xs text-amber-900">{t[`reason_whatsapp_${c.whatsapp.reason === "window_closed" ? "window_closed" : "no_inbound"}`]}</p> : null}
          <button type="submit" disabled={pending} className={`${button} bg-brand-700 text-white`}>{t.replySend}</button>
        </form>
      ) : null}
      <div className="flex max-w-3xl flex-wrap gap-2">
        {c.channel !== "voice" && !c.takenOver ? (
          <button type="button" disabled={pending} className={`${button} bg-brand-700 text-white`} onClick={() => void act("take-over", {}, t.takenOver)}>
            {t.takeOver}
          </button>
        ) : null}
        <button type="button" disabled={pending} title={t.resolveHint} className={`${button} ring-1 ring-slate-300`} onClick={() => void act("resolve", {}, t.resolved)}>
          {t.resolve}
        </button>
      </div>
    </div>
  );
}

function MessageLine({ m, t, when }: { m: InboxMessage; t: T; when: (iso: string) => string }) {
  const name = m.authorName ?? "?";
  if (m.role === "staff" && m.step !== "reply") {
    const note =
      m.step === "take_over"
        ? fillMessage(t.step_take_over, { name })
        : m.step === "resolve"
          ? fillMessage(t.step_resolve, { name })
          : fillMessage(t.step_called_back, { name, outcome: m.outcome === "reached" ? t.outcome_reached : t.outcome_no_answer });
    return <li className="self-center text-xs text-slate-600">{note} · {when(m.at)}</li>;
  }
  const who = m.role === "staff" ? fillMessage(t.staffAuthor, { name }) : m.role === "caller" ? t.role_caller : t.role_agent;
  const style = m.role === "caller" ? "self-start bg-white ring-1 ring-slate-200" : m.role === "staff" ? "self-end bg-brand-50 ring-1 ring-brand-200" : "self-end bg-slate-100";
  return (
    <li className={`max-w-[80%] rounded-xl px-3 py-2 text-sm ${style}`} data-role={m.role}>
      <span className="block text-xs font-semibold text-slate-600">
        {who} · {when(m.at)}
      </span>
      <span className="whitespace-pre-wrap">{m.content}</span>
    </li>
  );
}
