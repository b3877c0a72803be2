"use client";

import { Toast } from "radix-ui";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

/*
 * Toasts on Radix: announced to screen readers (a live region outside the
 * page's flow), swipe and Esc to dismiss, a hotkey (F8) to reach them. Every
 * console write reports through here, success and failure alike.
 */

export type ToastKind = "success" | "error" | "info";

interface ToastItem {
  id: number;
  kind: ToastKind;
  text: string;
}

type Notify = (kind: ToastKind, text: string) => void;

/** The shell's words for the generic outcomes, in the console's language. */
export interface ToastWords {
  saved: string;
  /** Has a `{reason}` slot. */
  failed: string;
  networkFailure: string;
}

const ENGLISH: ToastWords = {
  saved: "Saved.",
  failed: "Could not save: {reason}",
  networkFailure: "Could not reach the server. Check your connection and try again.",
};

const ToastContext = createContext<{ notify: Notify; words: ToastWords } | null>(null);

/** Shows a toast when the shell's toaster is on the page; a no-op elsewhere. */
export function useToast(): { notify: Notify; words: ToastWords } {
  return useContext(ToastContext) ?? { notify: noop, words: ENGLISH };
}

const noop: Notify = () => undefined;

const STYLE: Record<ToastKind, string> = {
  success: "border-green-600 bg-white text-ink",
  error: "border-red-600 bg-white text-ink",
  info: "border-brand-600 bg-white text-ink",
};

const ICON: Record<ToastKind, string> = { success: "✓", error: "!", info: "i" };
const ICON_STYLE: Record<ToastKind, string> = {
  success: "bg-green-700 text-white",
  error: "bg-red-700 text-white",
  info: "bg-brand-700 text-white",
};

export function Toaster({ children, label, dismiss, words }: { children: ReactNode; label: string; dismiss: string; words: ToastWords }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const notify = useCallback<Notify>((kind, text) => {
    setItems((current) => [...current.slice(-3), { id: Date.now() + Math.random(), kind, text }]);
  }, []);
  const remove = (id: number) => setItems((current) => current.filter((t) => t.id !== id));
  const value = useMemo(() => ({ notify, words }), [notify, words]);
  return (
    <ToastContext.Provider value={value}>
      <Toast.Provider label={label} duration={6000} swipeDirection="right">
        {children}
        {items.map((item) => (
          <Toast.Root
            key={item.id}
            type={item.kind === "error" ? "foreground" : "background"}
            duration={item.kind === "error" ? 10_000 : 5000}
            onOpenChange={(open) => {
              if (!open) remove(item.id);
            }}
            data-kind={item.kind}
            data-testid="toast"
            className={`pointer-events-auto flex items-start gap-3 rounded-lg border-l-4 p-3 pr-2 shadow-lg ring-1 ring-slate-200 ${STYLE[item.kind]}`}
          >
            <span aria-hidden="true" className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${ICON_STYLE[item.kind]}`}>
              {ICON[item.kind]}
            </span>
            <Toast.Description className="flex-1 text-sm">{item.text}</Toast.Description>
            <Toast.Close aria-label={dismiss} className="rounded px-2 text-lg leading-none text-ink-muted hover:text-ink">
              <span aria-hidden="true">×</span>
            </Toast.Close>
          </Toast.Root>
        ))}
        <Toast.Viewport className="fixed bottom-0 right-0 z-[100] flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}

/** The two toasts every write ends with: its success text, or why it failed (the server's message, or "unreachable"). */
export function useOutcomeToasts() {
  const { notify, words } = useToast();
  return {
    succeed: (text: string) => notify("success", text),
    fail: (error: unknown) => {
      const message = error instanceof Error && "failure" in error ? (error as { failure: { message: string } }).failure.message : words.networkFailure;
      notify("error", words.failed.replace("{reason}", message));
    },
  };
}
