"use client";

import { useState } from "react";
import { useConsoleMutation } from "@/components/console/use-console-mutation";
import { FormError } from "@/components/forms/fields";
import { Switch } from "@/components/ui/switch";
import type { Messages } from "@/lib/i18n";

type T = Messages<"settingTitle" | "settingIntro" | "settingLabel" | "settingHelp" | "settingOwnerOnly">;

/** The owner's switch "allow support to make changes"; everyone else sees where it stands. */
export function SupportAccessSetting({ allowed, canManage, t }: { allowed: boolean; canManage: boolean; t: T }) {
  const [on, setOn] = useState(allowed);
  const m = useConsoleMutation();
  return (
    <section aria-labelledby="support-access-heading" className="max-w-2xl space-y-2">
      <h2 id="support-access-heading" className="text-lg font-semibold">
        {t.settingTitle}
      </h2>
      <p className="text-sm text-slate-600">{t.settingIntro}</p>
      <div className="flex items-start gap-3">
        <Switch
          id="support-writes"
          checked={on}
          disabled={!canManage || m.pending}
          labelledBy="support-writes-label"
          describedBy="support-writes-hint"
          onCheckedChange={async (next) => {
            const saved = await m.run({ url: "/api/settings/support", method: "PUT", body: { allowed: next } });
            if (saved) setOn(next);
          }}
        />
        <div>
          <label id="support-writes-label" htmlFor="support-writes" className="text-sm font-medium">
            {t.settingLabel}
          </label>
          <p id="support-writes-hint" className="text-sm text-slate-600">
            {t.settingHelp} {canManage ? null : t.settingOwnerOnly}
          </p>
        </div>
      </div>
      <FormError message={m.failure?.message ?? null} />
    </section>
  );
}
