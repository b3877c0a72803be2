"use client";

import { useState } from "react";
import { useConsoleMutation } from "@/components/console/use-console-mutation";
import { FormError } from "@/components/forms/fields";
import { Switch } from "@/components/ui/switch";
import type { SettingsMessages } from "@/lib/i18n/console-messages";

/** The owner's switch that requires two-factor of every member; others see where it stands. */
export function SecuritySettings({ required, canManage, t }: { required: boolean; canManage: boolean; t: SettingsMessages }) {
  const [on, setOn] = useState(required);
  const m = useConsoleMutation();
  return (
    <div className="space-y-2">
      <div className="flex items-start gap-3">
        <Switch
          id="require-two-factor"
          checked={on}
          disabled={!canManage || m.pending}
          labelledBy="require-two-factor-label"
          describedBy="require-two-factor-hint"
          onCheckedChange={async (next) => {
            const saved = await m.run({ url: "/api/settings/security", method: "PUT", body: { required: next }, done: next ? t.requiredNow : t.optionalNow });
            if (saved) setOn(next);
          }}
        />
        <div>
          <label id="require-two-factor-label" htmlFor="require-two-factor" className="text-sm font-medium">
            {t.requireTwoFactor}
          </label>
          <p id="require-two-factor-hint" className="text-sm text-slate-600">
            {t.requireTwoFactorHint} {canManage ? null : t.onlyOwner}
          </p>
        </div>
      </div>
      <FormError message={m.failure?.message ?? null} />
    </div>
  );
}
