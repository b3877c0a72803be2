import { inboxRoutes, whatsAppSenderForStaffReplies } from "@/lib/inbox";

export const POST = inboxRoutes(whatsAppSenderForStaffReplies).calledBack;
