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
