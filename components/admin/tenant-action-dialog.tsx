"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { FormError, TextAreaField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { ApiRequestError, apiRequest, type FormFailure } from "@/components/forms/api-request";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Dialog } from "@/components/ui/dialog";

/*
 * One platform action as a dialog: the action's own fields, the typed reason
 * every action requires (kept on the platform audit), and the server's
 * refusal shown next to the field it names. The server checks everything
 * again; this form only carries what the admin typed.
 */

const dangerClass =
  "inline-flex items-center justify-center rounded-lg bg-red-700 px-4 py-2.5 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60";

export interface ActionDialogProps {
  /** The endpoint: /api/admin/tenants/<id>/actions/<action>, or /api/admin/tenants to provision. */
  url: string;
  title: string;
  description?: string;
  triggerLabel: string;
  submitLabel: string;
  danger?: boolean;
  /** The action's own fields; `errorFor(name)` is the server's message for that field. */
  fields?: (errorFor: (name: string) => string | null) => ReactNode;
  /** The names those fields post, so a refusal naming one is shown beside it. */
  fieldNames?: string[];
  /** What is sent besides the reason, read from the form. */
  toBody?: (form: FormData) => Record<string, unknown>;
  /** After success: the default refreshes the page's server data. */
  onDone?: (result: Record<string, unknown>) => void;
  /** Shown in the dialog after success instead of closing it (a link to hand over). */
  showResult?: (result: Record<string, unknown>) => ReactNode;
  testId?: string;
}

export function ActionDialog({ url, title, description, triggerLabel, submitLabel, danger, fields, fieldNames = [], toBody, onDone, showResult, testId }: ActionDialogProps) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const errorFor = (name: string) => (failure?.field === name ? failure.message : null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setFailure(null);
    try {
      const done = await apiRequest<Record<string, unknown>>(url, "POST", { ...(toBody?.(form) ?? {}), reason: String(form.get("reason") ?? "") });
      if (showResult) setResult(done);
      else setOpen(false);
      if (onDone) onDone(done);
      else router.refresh();
    } catch (error) {
      setFailure(error instanceof ApiRequestError ? error.failure : { message: "Could not reach the server. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setFailure(null);
      setResult(null);
    }
  }

  const trigger = (
    <button type="button" className={danger ? dangerClass : secondaryButtonClass} disabled={!hydrated} data-testid={testId}>
      {triggerLabel}
    </button>
  );
  return (
    <Dialog open={open} onOpenChange={onOpenChange} trigger={trigger} title={title} description={description} closeLabel="Close">
      {result && showResult ? (
        <div className="space-y-4">{showResult(result)}</div>
      ) : (
        <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={title}>
          <FormError message={failure && failure.field !== "reason" && !fieldNames.includes(failure.field ?? "") ? failure.message : null} />
          {fields?.(errorFor)}
          <TextAreaField
            label="Reason"
            name="reason"
            required
            minLength={5}
            maxLength={500}
            rows={3}
            hint="5 to 500 characters, kept on the platform audit."
            error={errorFor("reason")}
          />
          <button type="submit" className={danger ? dangerClass : buttonClass} disabled={pending || !hydrated}>
            {pending ? "Working…" : submitLabel}
          </button>
        </form>
      )}
    </Dialog>
  );
}
