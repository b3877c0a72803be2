"use client";

import { fillMessage } from "@/lib/i18n/messages";
import type { AgentMessages } from "@/lib/i18n/agent-messages";
import type { WidgetAppearance } from "@/lib/settings/widget-appearance";

/*
 * The widget as a visitor will see it, drawn from the form's current values
 * with the same rules as /widget.js (colours, title, avatar, corner, the
 * receptionist's name and greeting). A picture: hidden from assistive
 * technology, which reads the form itself.
 */
export function WidgetPreview({ appearance, personaName, greeting, t }: { appearance: WidgetAppearance; personaName: string; greeting: string; t: AgentMessages }) {
  const left = appearance.position === "left";
  return (
    <figure aria-labelledby="widget-preview-caption" className="space-y-2">
      <figcaption id="widget-preview-caption" className="text-sm font-medium">
        {t.previewHeading}
      </figcaption>
      <div
        aria-hidden="true"
        data-testid="widget-preview"
        data-color={appearance.color}
        data-position={appearance.position}
        className={`relative flex h-[25rem] flex-col justify-end gap-3 overflow-hidden rounded-xl bg-[repeating-linear-gradient(45deg,#f1f5f9,#f1f5f9_10px,#e2e8f0_10px,#e2e8f0_20px)] p-4 ${left ? "items-start" : "items-end"}`}
      >
        <div className="flex w-64 max-w-full flex-col overflow-hidden rounded-xl bg-white shadow-xl">
          <div className="flex items-center gap-2 px-3 py-2" style={{ background: appearance.color, color: appearance.textColor }}>
            <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-white/25 text-sm font-bold" data-testid="widget-preview-avatar">
              {appearance.avatar}
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-semibold" data-testid="widget-preview-title">
                {appearance.title}
              </span>
              <span className="block text-xs opacity-95">{fillMessage(t.previewRole, { name: personaName })}</span>
            </span>
            <span className="text-lg leading-none">×</span>
          </div>
          <div className="flex flex-col gap-2 bg-slate-50 p-3 text-xs">
            <p className="max-w-[85%] self-start whitespace-pre-wrap rounded-xl border border-slate-200 bg-white px-2.5 py-1.5" data-testid="widget-preview-greeting">
              {greeting}
            </p>
            <p className="max-w-[85%] self-end rounded-xl px-2.5 py-1.5" style={{ background: appearance.color, color: appearance.textColor }}>
              {t.previewVisitor}
            </p>
          </div>
        </div>
        <span className="flex h-12 w-12 items-center justify-center rounded-full shadow-lg" style={{ background: appearance.color, color: appearance.textColor }}>
          <svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M3 5.25A2.25 2.25 0 0 1 5.25 3h13.5A2.25 2.25 0 0 1 21 5.25v9a2.25 2.25 0 0 1-2.25 2.25H9l-4.5 4.5v-4.5H5.25A2.25 2.25 0 0 1 3 14.25v-9Z" />
          </svg>
        </span>
      </div>
    </figure>
  );
}
