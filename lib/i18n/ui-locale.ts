/*
 * The console speaks French or English. The tenant's locale is the default;
 * a member's own choice (a cookie set by the switch in the header) wins, so
 * an English-speaking assistant in a French practice is not stuck in French.
 */

export const UI_LOCALES = ["fr", "en"] as const;
export type UiLocale = (typeof UI_LOCALES)[number];
export const UI_LOCALE_COOKIE = "fd_ui_locale";

export function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === "string" && (UI_LOCALES as readonly string[]).includes(value);
}

/** The member's choice if valid, else the tenant's locale (e.g. "fr-CH" → fr), else English. */
export function pickUiLocale(chosen: string | null | undefined, tenantLocale: string | null | undefined): UiLocale {
  if (isUiLocale(chosen)) return chosen;
  const base = tenantLocale?.toLowerCase().split(/[-_]/)[0];
  return isUiLocale(base) ? base : "en";
}

/**
 * The visitor's language from Accept-Language ("fr-CH,fr;q=0.9,en;q=0.8"):
 * the first of French or English by preference, English when neither.
 */
export function pickFromAcceptLanguage(header: string | null | undefined): UiLocale {
  const ranked = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { base: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.base).find(isUiLocale) ?? "en";
}
