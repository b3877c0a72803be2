import { notificationRoutes } from "@/lib/notifications";

export const GET = notificationRoutes.feed;
