import { notificationRoutes } from "@/lib/notifications";

export const GET = notificationRoutes.choices;
export const PUT = notificationRoutes.saveChoices;
