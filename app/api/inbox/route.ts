import { inboxRoutes, whatsAppSenderForStaffReplies } from "@/lib/inbox";

export const GET = inboxRoutes(whatsAppSenderForStaffReplies).list;
