import { fillMessage, type UiLocale } from "@/lib/i18n";

const LABELS: Record<UiLocale, string> = { fr: "Français", en: "English" };

/** A plain form so the switch works before hydration and without JavaScript. `label` has a `{language}` slot. */
export function LanguageSwitch({ locale, label }: { locale: UiLocale; label: string }) {
  const other: UiLocale = locale === "fr" ? "en" : "fr";
  return (
    <form method="post" action="/api/ui-locale">
      <input type="hidden" name="locale" value={other} />
      <button
        type="submit"
        lang={other}
        aria-label={fillMessage(label, { language: LABELS[other] })}
        className="rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50"
      >
        {LABELS[other]}
      </button>
    </form>
  );
}
