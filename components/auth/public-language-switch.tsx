import { fillMessage, type UiLocale } from "@/lib/i18n";

const NAMES: Record<UiLocale, string> = { fr: "Français", en: "English" };

/** The public pages' language switch: a plain form (works before hydration), remembered in the same cookie as the console's. */
export function PublicLanguageSwitch({ locale, label }: { locale: UiLocale; label: string }) {
  const other: UiLocale = locale === "fr" ? "en" : "fr";
  return (
    <form method="post" action="/api/ui-locale">
      <input type="hidden" name="locale" value={other} />
      <button
        type="submit"
        lang={other}
        aria-label={fillMessage(label, { language: NAMES[other] })}
        className="rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50"
      >
        {NAMES[other]}
      </button>
    </form>
  );
}
