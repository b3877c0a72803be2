"use client";

import { useEffect } from "react";
import type { UiLocale } from "@/lib/i18n";

/*
 * The root layout renders before the tenant is known, so <html lang> says
 * "en"; the console's language is set here once the shell knows it, so
 * screen readers and hyphenation use French on a French console.
 */
export function DocumentLanguage({ locale }: { locale: UiLocale }) {
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
}
