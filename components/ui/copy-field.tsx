"use client";

import { useId } from "react";
import { secondaryButtonClass } from "@/components/forms/fields";
import { useToast } from "./toaster";

/** A value to paste elsewhere (a webhook URL, a snippet), read-only, with a Copy button that says so in a toast. */
export function CopyField({ label, value, copyLabel, copied, multiline, testId }: { label: string; value: string; copyLabel: string; copied: string; multiline?: boolean; testId?: string }) {
  const id = useId();
  const { notify } = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      notify("success", copied);
    } catch {
      // No clipboard permission (or an old browser): select the text so Ctrl+C works.
      const field = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
      field?.focus();
      field?.select();
    }
  }
  const className = "block w-full min-w-0 rounded-lg border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs";
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="mt-1 flex items-start gap-2">
        {multiline ? (
          <textarea id={id} readOnly rows={2} value={value} className={className} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <input id={id} readOnly value={value} className={className} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        )}
        <button type="button" className={`${secondaryButtonClass} shrink-0`} aria-label={`${copyLabel}: ${label}`} onClick={() => void copy()}>
          {copyLabel}
        </button>
      </div>
    </div>
  );
}
