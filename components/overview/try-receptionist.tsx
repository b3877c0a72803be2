"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { apiRequest, failureOf } from "@/components/forms/api-request";
import { buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toaster";
import { dateFormatter } from "@/lib/i18n/date-format";
import { fillMessage, type UiLocale } from "@/lib/i18n";
import type { OverviewMessages } from "@/lib/i18n/overview-messages";

interface Line {
  id: number;
  from: "you" | "agent" | "note";
  text: string;
}

interface Reply {
  reply: string;
  handoff: boolean;
  appointment: { service: string; startsAt: string; endsAt: string; status: "booked" | "cancelled" } | null;
  token: string;
}

/*
 * "Try your receptionist": a chat with the workspace's own receptionist in
 * test mode (POST /api/agent/rehearsal). Every turn is real and rolled back;
 * the signed token carries the conversation to the next message.
 */
export function TryReceptionist({ locale, timeZone, closeLabel, t }: { locale: UiLocale; timeZone: string; closeLabel: string; t: OverviewMessages }) {
  const [open, setOpen] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const [token, setToken] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const seq = useRef(0);
  const { notify } = useToast();

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [lines, pending]);

  const add = (from: Line["from"], text: string) => setLines((current) => [...current, { id: ++seq.current, from, text }]);
  const when = (iso: string, end: string) => {
    const day = dateFormatter(locale, timeZone, { weekday: "long", day: "numeric", month: "long" }).format(new Date(iso));
    const time = dateFormatter(locale, timeZone, { hour: "numeric", minute: "2-digit" });
    return `${day}, ${time.format(new Date(iso))} – ${time.format(new Date(end))}`;
  };

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = input.current?.value.trim() ?? "";
    if (!message || pending) return;
    if (input.current) input.current.value = "";
    add("you", message);
    setPending(true);
    try {
      const out = await apiRequest<Reply>("/api/agent/rehearsal", "POST", { message, locale, ...(token ? { token } : {}) });
      setToken(out.token);
      add("agent", out.reply);
      if (out.appointment) {
        const text = out.appointment.status === "booked" ? t.tryWouldBook : t.tryWouldCancel;
        add("note", fillMessage(text, { service: out.appointment.service, when: when(out.appointment.startsAt, out.appointment.endsAt) }));
      }
      if (out.handoff) add("note", t.tryHandoff);
    } catch (error) {
      const reason = failureOf(error).message;
      add("note", fillMessage(t.tryFailed, { reason }));
      notify("error", fillMessage(t.tryFailed, { reason }));
    } finally {
      setPending(false);
      input.current?.focus();
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={t.tryDialog}
      description={t.tryTestMode}
      closeLabel={closeLabel}
      wide
      trigger={
        <button type="button" className={buttonClass}>
          {t.tryOpen}
        </button>
      }
    >
      <div className="flex h-[min(60dvh,28rem)] flex-col gap-3">
        <div ref={log} role="log" aria-label={t.tryLog} aria-live="polite" className="flex-1 space-y-2 overflow-y-auto rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
          {lines.map((line) =>
            line.from === "note" ? (
              <p key={line.id} data-testid="rehearsal-note" className="text-center text-xs text-slate-700">
                {line.text}
              </p>
            ) : (
              <p
                key={line.id}
                data-from={line.from}
                className={
                  line.from === "you"
                    ? "ml-auto w-fit max-w-[85%] whitespace-pre-wrap rounded-xl bg-brand-700 px-3 py-2 text-sm text-white"
                    : "w-fit max-w-[85%] whitespace-pre-wrap rounded-xl bg-white px-3 py-2 text-sm ring-1 ring-slate-200"
                }
              >
                <span className="sr-only">{line.from === "you" ? t.tryYou : t.tryAgent}: </span>
                {line.text}
              </p>
            ),
          )}
          {pending ? (
            <p role="status" className="flex items-center gap-2 text-xs text-slate-700">
              <span aria-hidden="true" className="inline-flex gap-1">
                <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-slate-500" />
                <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-slate-500 [animation-delay:150ms]" />
                <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-slate-500 [animation-delay:300ms]" />
              </span>
              {t.tryTyping}
            </p>
          ) : null}
        </div>
        <form onSubmit={send} className="flex gap-2">
          <label htmlFor="rehearsal-message" className="sr-only">
            {t.tryMessage}
          </label>
          <input
            id="rehearsal-message"
            ref={input}
            autoComplete="off"
            maxLength={2000}
            placeholder={t.tryPlaceholder}
            className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-sm"
          />
          <button type="submit" className={buttonClass} disabled={pending}>
            {t.trySend}
          </button>
        </form>
        <button
          type="button"
          className={`${secondaryButtonClass} self-start`}
          onClick={() => {
            setLines([]);
            setToken(null);
            input.current?.focus();
          }}
        >
          {t.tryRestart}
        </button>
      </div>
    </Dialog>
  );
}
