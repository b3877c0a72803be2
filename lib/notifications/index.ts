import "server-only";
export {
  markNotificationsRead,
  notificationFeed,
  NOTIFICATION_KINDS,
  type NotificationFeed,
  type NotificationItem,
} from "./notification-feed";
export { notificationChoices, notificationChoicesSchema, saveNotificationChoices, type NotificationChoices } from "./notification-preferences";
export { sendPendingNotificationEmails } from "./notification-emails";
export { notificationRoutes } from "./notification-routes";
