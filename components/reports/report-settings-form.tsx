"use client";

import { useState } from "react";
import { useConsoleMutation } from "@/components/console/use-console-mutation";
import { buttonClass, FormError, SelectField, TextAreaField } from "@/components/forms/fields";
import { Switch } from "@/components/ui/switch";
import type { Messages } from "@/lib/i18n";
import type { reportMessages } from "@/lib/i18n/reports-messages";
import { reportSettingsSchema, type ReportSettings } from "@/lib/reports/report-settings";
import { RECORDING_MAX_RETENTION_DAYS, recordingSettingsSchema, type RecordingSettings } from "@/lib/settings/recording-settings";

type T = Messages<keyof (typeof reportMessages)["en"]>;

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, "0")}:00` }));

/** The daily report's hour and recipients; owners and admins change them, others read them. */
export function ReportSettingsForm({ initial, canManage, t }: { initial: ReportSettings; canManage: boolean; t: T }) {
  const [hour, setHour] = useState(String(initial.hour));
  const [recipients, setRecipients] = useState(initial.recipients.join("\n"));
  const m = useConsoleMutation();
  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const body = { hour: Number(hour), recipients: recipients.split(/[\s,;]+/).filter(Boolean) };
        await m.run({ url: "/api/settings/reports", method: "PUT", body, schema: reportSettingsSchema, done: t.saved });
      }}
    >
      <p className="text-sm text-ink-muted">{t.settingsIntro}</p>
      <SelectField label={t.hourLabel} name="hour" value={hour} disabled={!canManage} onChange={(e) => setHour(e.target.value)} options={HOURS} error={m.fieldError("hour")} />
      <TextAreaField
        label={t.recipientsLabel}
        name="recipients"
        rows={3}
        value={recipients}
        disabled={!canManage}
        onChange={(e) => setRecipients(e.target.value)}
        error={m.failure?.field?.startsWith("recipients") ? m.failure.message : null}
      />
      <FormError message={m.formError} />
      {canManage ? (
        <button type="submit" className={buttonClass} disabled={m.pending}>
          {t.save}
        </button>
      ) : null}
    </form>
  );
}

/** Call recording and its retention: the owner's choice. */
export function RecordingSettingsForm({ initial, canManage, t }: { initial: RecordingSettings; canManage: boolean; t: T }) {
  const [enabled, setEnabled] = useState(initial.enabled);
  const [days, setDays] = useState(String(initial.retentionDays));
  const m = useConsoleMutation();
  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        await m.run({ url: "/api/settings/recording", method: "PUT", body: { enabled, retentionDays: Number(days) }, schema: recordingSettingsSchema, done: t.saved });
      }}
    >
      <p className="text-sm text-ink-muted">{t.recordingIntro}</p>
      <div className="flex items-center gap-3">
        <Switch id="recording-enabled" checked={enabled} disabled={!canManage} labelledBy="recording-enabled-label" onCheckedChange={setEnabled} />
        <label id="recording-enabled-label" htmlFor="recording-enabled" className="text-sm font-medium">
          {t.recordingEnabledLabel}
        </label>
      </div>
      <div className="max-w-xs">
        <label htmlFor="recording-retention" className="block text-sm font-medium text-ink">
          {t.recordingRetentionLabel}
        </label>
        <input
          id="recording-retention"
          name="retentionDays"
          type="number"
          min={1}
          max={RECORDING_MAX_RETENTION_DAYS}
          value={days}
          disabled={!canManage}
          onChange={(e) => setDays(e.target.value)}
          aria-invalid={m.fieldError("retentionDays") ? true : undefined}
          className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
        />
        <FormError message={m.fieldError("retentionDays")} />
      </div>
      <FormError message={m.formError} />
      {canManage ? (
        <button type="submit" className={buttonClass} disabled={m.pending}>
          {t.save}
        </button>
      ) : null}
    </form>
  );
}
