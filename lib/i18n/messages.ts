import type { UiLocale } from "./ui-locale";

/*
 * Each console area keeps its strings in one catalogue: `defineMessages`
 * makes the French table carry exactly the English keys, so a missing
 * translation is a type error. Values are plain strings (they cross from
 * server to client components as props); `{name}` placeholders are filled
 * by `fillMessage`.
 */

export type Messages<K extends string = string> = Readonly<Record<K, string>>;

export function defineMessages<const E extends Record<string, string>>(catalogue: {
  en: E;
  fr: { [K in keyof E]: string };
}): { en: Messages<Extract<keyof E, string>>; fr: Messages<Extract<keyof E, string>> } {
  return catalogue;
}

export function messagesFor<K extends string>(catalogue: { en: Messages<K>; fr: Messages<K> }, locale: UiLocale): Messages<K> {
  return catalogue[locale];
}

/** Replaces `{name}` with `values.name`; an unknown placeholder stays visible rather than vanishing. */
export function fillMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
