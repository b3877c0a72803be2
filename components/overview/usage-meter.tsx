import { formatNumber } from "@/components/conversations/time-format";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import type { overviewMessages } from "@/lib/i18n/overview-messages";
import type { UsageLine } from "@/lib/usage";

type T = Messages<keyof (typeof overviewMessages)["en"]>;

/** Call seconds are billed by the second but read as minutes. */
function shown(line: UsageLine, value: number): number {
  return line.key === "call_second" ? Math.ceil(value / 60) : value;
}

export function UsageMeter({ line, locale, t }: { line: UsageLine; locale: UiLocale; t: T }) {
  const label = t[`usage_${line.key}`];
  const used = formatNumber(shown(line, line.used), locale);
  const numbers =
    line.limit === null
      ? fillMessage(t.usedNoLimit, { used })
      : fillMessage(t.usedOfLimit, { used, limit: formatNumber(shown(line, line.limit), locale) });
  return (
    <li data-testid={`usage-${line.key}`} className="space-y-1">
      <div className="flex items-baseline justify-between gap-4 text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-ink-muted">{numbers}</span>
      </div>
      {line.percent !== null ? (
        <div
          role="progressbar"
          aria-label={fillMessage(t.usageBar, { label, percent: line.percent })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={line.percent}
          className="h-2 overflow-hidden rounded-full bg-slate-100"
        >
          <div className={`h-full rounded-full ${line.over ? "bg-red-600" : line.percent >= 80 ? "bg-amber-500" : "bg-brand-600"}`} style={{ width: `${line.percent}%` }} />
        </div>
      ) : null}
      {line.over ? (
        <p className="text-xs font-semibold text-red-700">{t.overLimit}</p>
      ) : null}
    </li>
  );
}
