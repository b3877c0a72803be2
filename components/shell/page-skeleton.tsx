"use client";

import { useSyncExternalStore } from "react";

const WORDS = { fr: "Chargement…", en: "Loading…" } as const;

const subscribe = () => () => undefined;

/*
 * What a data page shows while its server render streams in (each page's
 * loading.tsx). The console's language is on <html lang> by the time a
 * member navigates; a first load gets the shapes alone.
 */
export function PageSkeleton({ rows = 4, variant = "list" }: { rows?: number; variant?: "list" | "grid" | "form" }) {
  const lang = useSyncExternalStore(
    subscribe,
    () => document.documentElement.lang,
    () => "",
  );
  const words = lang === "fr" ? WORDS.fr : lang === "en" ? WORDS.en : null;
  return (
    <div aria-busy="true" data-testid="page-skeleton" className="animate-pulse space-y-6">
      {words ? (
        <p role="status" className="sr-only">
          {words}
        </p>
      ) : null}
      <div className="space-y-2">
        <div className="h-7 w-56 rounded bg-slate-200" />
        <div className="h-4 w-80 max-w-full rounded bg-slate-100" />
      </div>
      {variant === "grid" ? (
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} className="h-40 rounded-xl bg-slate-100" />
          ))}
        </div>
      ) : (
        <div className="space-y-3">
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} className={variant === "form" ? "h-10 w-full max-w-xl rounded-lg bg-slate-100" : "h-12 w-full rounded-lg bg-slate-100"} />
          ))}
        </div>
      )}
    </div>
  );
}
