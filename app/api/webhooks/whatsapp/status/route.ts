import { handleWhatsAppStatus, withChannel } from "@/lib/channels";

export const POST = withChannel("whatsapp", handleWhatsAppStatus);
