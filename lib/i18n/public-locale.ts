import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { isUiLocale, pickFromAcceptLanguage, UI_LOCALE_COOKIE, type UiLocale } from "./ui-locale";

/** The language of the public pages (landing, sign-in, sign-up, invitations): the visitor's switch, else Accept-Language. */
export const getPublicLocale = cache(async (): Promise<UiLocale> => {
  const chosen = (await cookies()).get(UI_LOCALE_COOKIE)?.value;
  if (isUiLocale(chosen)) return chosen;
  return pickFromAcceptLanguage((await headers()).get("accept-language"));
});
