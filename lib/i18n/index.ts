export { UI_LOCALES, UI_LOCALE_COOKIE, isUiLocale, pickUiLocale, pickFromAcceptLanguage, type UiLocale } from "./ui-locale";
export { defineMessages, fillMessage, messagesFor, type Messages } from "./messages";
