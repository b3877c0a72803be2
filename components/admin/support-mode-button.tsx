"use client";

import { useState } from "react";
import { apiRequest, failureFromIssues, failureOf, type FormFailure } from "@/components/forms/api-request";
import { buttonClass, FormError, secondaryButtonClass, SelectField, TextAreaField } from "@/components/forms/fields";
import { Dialog } from "@/components/ui/dialog";
import { fillMessage, messagesFor, type UiLocale } from "@/lib/i18n";
import { supportMessages } from "@/lib/i18n/support-messages";
import { SUPPORT_MAX_MINUTES, startSupportSchema } from "@/lib/platform/support/support-schemas";

const DURATIONS = [SUPPORT_MAX_MINUTES, 20, 15, 10, 5];

/*
 * "View as tenant" on the admin console's tenant page: a typed reason (the
 * owner reads it) and a duration of at most 30 minutes, then the browser
 * goes to the tenant's own host with the one-time ticket the server answered.
 */
export function SupportModeButton({ tenantId, tenantName, locale = "en" }: { tenantId: string; tenantName: string; locale?: UiLocale }) {
  const t = messagesFor(supportMessages, locale);
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = startSupportSchema.safeParse({ reason: String(form.get("reason") ?? ""), minutes: Number(form.get("minutes")) });
    if (!parsed.success) return setFailure(failureFromIssues(parsed.error));
    setFailure(null);
    setPending(true);
    try {
      const { url } = await apiRequest<{ url: string }>(`/api/admin/tenants/${encodeURIComponent(tenantId)}/support`, "POST", parsed.data);
      window.location.assign(url);
    } catch (error) {
      setFailure(failureOf(error));
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={t.adminTitle}
      description={`${tenantName}. ${t.adminIntro}`}
      closeLabel={t.adminCancel}
      trigger={
        <button type="button" className={secondaryButtonClass} data-testid="support-mode-open">
          {t.adminButton}
        </button>
      }
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <TextAreaField label={t.adminReason} name="reason" required minLength={5} maxLength={500} rows={3} error={failure?.field === "reason" ? failure.message : null} />
        <SelectField
          label={t.adminMinutes}
          name="minutes"
          defaultValue={String(SUPPORT_MAX_MINUTES)}
          options={DURATIONS.map((m) => ({ value: String(m), label: fillMessage(t.adminMinutesOption, { minutes: m }) }))}
          error={failure?.field === "minutes" ? failure.message : null}
        />
        {failure && !failure.field ? <FormError message={failure.message} /> : null}
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>
            {t.adminCancel}
          </button>
          <button type="submit" className={buttonClass} disabled={pending}>
            {pending ? t.adminStarting : t.adminStart}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
