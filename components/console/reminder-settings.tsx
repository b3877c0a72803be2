"use client";

import { useState, type FormEvent } from "react";
import { TextField, buttonClass } from "@/components/forms/fields";
import type { Messages } from "@/lib/i18n/messages";
import type { messagingMessages } from "@/lib/i18n/messaging-messages";
import { reminderSettingsInput, type ReminderSettings } from "@/lib/messaging/reminder-settings";
import { useConsoleMutation } from "./use-console-mutation";

type MessagingMessages = Messages<keyof (typeof messagingMessages)["en"]>;

/** The tenant's two reminders: each on or off, and how many hours before the appointment. */
export function ReminderSettingsForm({ settings, readOnly, t }: { settings: ReminderSettings; readOnly: boolean; t: MessagingMessages }) {
  const m = useConsoleMutation();
  const [value, setValue] = useState({
    firstEnabled: settings.first.enabled,
    firstHoursBefore: String(settings.first.hoursBefore),
    secondEnabled: settings.second.enabled,
    secondHoursBefore: String(settings.second.hoursBefore),
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await m.run({ url: "/api/settings/reminders", method: "PATCH", body: value, schema: reminderSettingsInput, done: t.settingsSaved });
  }

  const rows = [
    { key: "first", label: t.settingsFirst },
    { key: "second", label: t.settingsSecond },
  ] as const;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t.settingsTitle} className="space-y-4">
      <fieldset disabled={readOnly} className="space-y-4">
        {rows.map((r) => (
          <div key={r.key} className="flex flex-wrap items-end gap-4">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input
                type="checkbox"
                name={`${r.key}Enabled`}
                checked={value[`${r.key}Enabled`]}
                onChange={(e) => setValue({ ...value, [`${r.key}Enabled`]: e.target.checked })}
              />
              {r.label} · {t.settingsEnabled}
            </label>
            <TextField
              label={t.settingsHoursBefore}
              name={`${r.key}HoursBefore`}
              type="number"
              min={1}
              max={168}
              inputMode="numeric"
              value={value[`${r.key}HoursBefore`]}
              error={m.fieldError(`${r.key}HoursBefore`)}
              onChange={(e) => setValue({ ...value, [`${r.key}HoursBefore`]: e.target.value })}
            />
          </div>
        ))}
      </fieldset>
      {!readOnly && (
        <button type="submit" className={buttonClass} disabled={m.pending}>
          {t.settingsSave}
        </button>
      )}
    </form>
  );
}
