import type { AgentLocale } from "./language";
import { BOOKING_REPLIES, type BookingReplies } from "./catalogue/booking-replies";
import { CHANGE_REPLIES, type ChangeReplies } from "./catalogue/change-replies";
import { CONVERSATION_REPLIES, type ConversationReplies } from "./catalogue/conversation-replies";
import { INFORMATION_REPLIES, type InformationReplies } from "./catalogue/information-replies";
import { STAFF_REPLIES, type StaffReplies } from "./catalogue/staff-replies";

/*
 * Every sentence the receptionist says, in both languages, from the
 * catalogues in ./catalogue: a wording change is one edit there, and a
 * missing translation is a type error. Arguments arrive already formatted
 * (dates, lists, prices) in the reply's language.
 */
export type Replies = ConversationReplies & InformationReplies & BookingReplies & ChangeReplies & StaffReplies;

const REPLIES: Record<AgentLocale, Replies> = {
  fr: { ...CONVERSATION_REPLIES.fr, ...INFORMATION_REPLIES.fr, ...BOOKING_REPLIES.fr, ...CHANGE_REPLIES.fr, ...STAFF_REPLIES.fr },
  en: { ...CONVERSATION_REPLIES.en, ...INFORMATION_REPLIES.en, ...BOOKING_REPLIES.en, ...CHANGE_REPLIES.en, ...STAFF_REPLIES.en },
};

export function repliesFor(locale: AgentLocale): Replies {
  return REPLIES[locale];
}
