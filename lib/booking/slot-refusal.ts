import type { UnavailableReason } from "./booking-errors";

/*
 * Why a time cannot be booked, in one sentence per language: the receptionist,
 * the voice tools and the console's refusals all say it with these words.
 * `when` arrives already formatted in the sentence's language.
 */

export type RefusalLocale = "fr" | "en";

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const SLOT_REFUSALS: Record<RefusalLocale, Record<UnavailableReason, (when: string) => string>> = {
  fr: {
    taken: (when) => `Le ${when} est déjà pris.`,
    closed: (when) => `Nous sommes fermés le ${when}.`,
    past: (when) => `${capitalize(when)}, c'est déjà passé.`,
  },
  en: {
    taken: (when) => `${capitalize(when)} is already booked.`,
    closed: (when) => `We are closed on ${when}.`,
    past: (when) => `${capitalize(when)} has already passed.`,
  },
};

export function slotRefusal(reason: UnavailableReason, when: string, locale: RefusalLocale): string {
  return SLOT_REFUSALS[locale][reason](when);
}
