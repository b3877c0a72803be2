"use client";

import { buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import type { CalendarMessages } from "@/lib/i18n/calendar-messages";
import type { ConflictRow } from "@/lib/calendar/console-rows";
import { fillMessage } from "@/lib/i18n/messages";
import { useConsoleMutation } from "./use-console-mutation";


function describe(c: ConflictRow, t: CalendarMessages): string {
  if (c.kind === "deleted") return c.provider === "google" ? t.conflictDeletedGoogle : t.conflictDeletedCaldav;
  return fillMessage(c.provider === "google" ? t.conflictMovedGoogle : t.conflictMovedCaldav, { when: c.movedTo ?? "" });
}

function ConflictItem({ conflict, readOnly, t }: { conflict: ConflictRow; readOnly: boolean; t: CalendarMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const resolve = (action: "accept" | "dismiss") => m.run({ url: `/api/calendar/conflicts/${conflict.id}`, method: "POST", body: { action }, done: t.resolved });
  return (
    <li className="rounded-lg border border-amber-300 bg-amber-50 p-3" data-testid={`conflict-${conflict.id}`}>
      <p className="text-sm font-medium">{fillMessage(t.conflictAppointment, { client: conflict.clientName, service: conflict.serviceName, when: conflict.when })}</p>
      <p className="text-sm text-amber-900">{describe(conflict, t)}</p>
      {readOnly ? null : (
        <div className="mt-2 flex flex-wrap gap-2">
          <button type="button" className={buttonClass} disabled={m.pending || !hydrated} onClick={() => resolve("accept")}>
            {conflict.kind === "moved" ? t.acceptMove : t.acceptDelete}
          </button>
          <button type="button" className={secondaryButtonClass} disabled={m.pending || !hydrated} onClick={() => resolve("dismiss")}>
            {t.dismiss}
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * Appointments whose event was moved or deleted in an external calendar.
 * Nothing changes until staff accept (the appointment follows) or dismiss
 * (the event is written back). Renders nothing when there is no conflict,
 * so the appointments page can always include it.
 */
export function CalendarConflicts({ conflicts, readOnly, t, showEmpty = false }: { conflicts: ConflictRow[]; readOnly: boolean; t: CalendarMessages; showEmpty?: boolean }) {
  if (!conflicts.length && !showEmpty) return null;
  return (
    <section aria-labelledby="calendar-conflicts-heading" className="space-y-2" role="region">
      <h2 id="calendar-conflicts-heading" className="text-lg font-semibold">
        {t.conflictsTitle}
      </h2>
      {conflicts.length ? (
        <ul className="space-y-2">
          {conflicts.map((c) => (
            <ConflictItem key={c.id} conflict={c} readOnly={readOnly} t={t} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-ink-muted">{t.conflictsNone}</p>
      )}
    </section>
  );
}
