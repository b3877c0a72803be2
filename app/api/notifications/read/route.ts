import { notificationRoutes } from "@/lib/notifications";

export const POST = notificationRoutes.markRead;
