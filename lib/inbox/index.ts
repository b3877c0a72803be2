import "server-only";
export { inboxCount, listInbox, loadInboxConversation, type InboxConversation, type InboxMessage, type InboxRow } from "./inbox-list";
export {
  calledBackSchema,
  deliverStaffReply,
  recordCallBack,
  resolveConversation,
  staffReplySchema,
  takeOver,
  type StaffReplyDeps,
  type StaffReplyResult,
} from "./inbox-actions";
export { inboxRoutes, whatsAppSenderForStaffReplies } from "./inbox-routes";
export { staffStepSchema, type StaffStep } from "./inbox-steps";
export { unconnectedWhatsAppSender, WhatsAppSendError, type SendWhatsApp, type WhatsAppOutbound, type WhatsAppSent } from "./whatsapp-seam";
export { whatsAppWindow, WHATSAPP_WINDOW_MS, type WhatsAppWindow } from "./whatsapp-window";
