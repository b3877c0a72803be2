import "server-only";
export {
  CONVERSATION_CHANNELS,
  CONVERSATION_STATUSES,
  CONVERSATIONS_PAGE_SIZE,
  conversationFiltersSchema,
  listConversations,
  recentConversationsByChannel,
  type ConversationChannel,
  type ConversationFilters,
  type ConversationPage,
  type ConversationRow,
  type ConversationStatusValue,
} from "./conversation-list";
export { loadConversation, type AgentAction, type ConversationDetail, type LinkedAppointment, type TranscriptMessage } from "./conversation-detail";
