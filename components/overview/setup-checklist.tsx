import Link from "next/link";
import { fillMessage } from "@/lib/i18n";
import type { OverviewMessages } from "@/lib/i18n/overview-messages";
import type { SetupChecklist } from "@/lib/onboarding";

/** The setup checklist: each step links to its page and is ticked from what the workspace holds. */
export function SetupChecklistCard({ checklist, t, children }: { checklist: SetupChecklist; t: OverviewMessages; children?: React.ReactNode }) {
  const done = checklist.steps.filter((s) => s.done).length;
  return (
    <section aria-labelledby="checklist-heading" data-testid="setup-checklist" className="rounded-xl bg-brand-50/60 p-5 ring-1 ring-brand-200">
      <h2 id="checklist-heading" className="text-lg font-semibold">
        {t.checklistHeading}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{fillMessage(t.checklistIntro, { done, total: checklist.steps.length })}</p>
      <div className="mt-3 h-2 w-full overflow-hidden rounded-full bg-white ring-1 ring-brand-200" aria-hidden="true">
        <div className="h-full bg-brand-600" style={{ width: `${(done / checklist.steps.length) * 100}%` }} />
      </div>
      <ol aria-label={t.checklistList} className="mt-4 space-y-2">
        {checklist.steps.map(({ step, done: isDone, href }) => (
          <li key={step} data-step={step} data-done={isDone ? "true" : "false"} className="flex items-center gap-3 text-sm">
            <span
              aria-hidden="true"
              className={`inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${isDone ? "bg-green-700 text-white" : "bg-white text-slate-500 ring-1 ring-slate-300"}`}
            >
              {isDone ? "✓" : ""}
            </span>
            <Link href={href} className={isDone ? "text-slate-700 line-through decoration-slate-400" : "font-medium text-brand-800 underline-offset-2 hover:underline"}>
              {t[`step_${step}`]}
            </Link>
            <span className="sr-only">({isDone ? t.stepDone : t.stepTodo})</span>
          </li>
        ))}
      </ol>
      {children ? <div className="mt-4">{children}</div> : null}
    </section>
  );
}
