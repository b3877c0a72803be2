"use client";

import { useState } from "react";
import { useConsoleMutation } from "@/components/console/use-console-mutation";
import type { Messages } from "@/lib/i18n";
import type { notificationMessages } from "@/lib/i18n/notification-messages";

type T = Messages<keyof (typeof notificationMessages)["en"]>;
type Kind = "handoff" | "booking" | "move" | "cancellation";
type Choices = Record<Kind, { inConsole: boolean; email: boolean }>;

const KINDS: Kind[] = ["handoff", "booking", "move", "cancellation"];

/** The member's own choices in this workspace, one row per event, one checkbox per way of being told. */
export function NotificationChoicesForm({ initial, t }: { initial: Choices; t: T }) {
  const [choices, setChoices] = useState(initial);
  const mutation = useConsoleMutation();
  const toggle = (kind: Kind, way: "inConsole" | "email") => setChoices((c) => ({ ...c, [kind]: { ...c[kind], [way]: !c[kind][way] } }));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void mutation.run({ url: "/api/account/notifications", method: "PUT", body: choices });
      }}
      className="space-y-3"
    >
      <table className="text-sm">
        <thead>
          <tr className="text-left text-xs uppercase text-slate-600">
            <th scope="col" className="py-1 pr-6">{t.prefsKind}</th>
            <th scope="col" className="py-1 pr-6">{t.prefsInConsole}</th>
            <th scope="col" className="py-1">{t.prefsEmail}</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row" className="py-1 pr-6 text-left font-normal">{t[`prefs_${kind}`]}</th>
              <td className="py-1 pr-6">
                <input type="checkbox" aria-label={`${t[`prefs_${kind}`]}: ${t.prefsInConsole}`} checked={choices[kind].inConsole} onChange={() => toggle(kind, "inConsole")} />
              </td>
              <td className="py-1">
                <input type="checkbox" aria-label={`${t[`prefs_${kind}`]}: ${t.prefsEmail}`} checked={choices[kind].email} onChange={() => toggle(kind, "email")} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" disabled={mutation.pending} className="rounded-lg bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-50">
        {t.prefsSave}
      </button>
    </form>
  );
}
