import { handleWhatsAppMessage, withChannel } from "@/lib/channels";

export const POST = withChannel("whatsapp", handleWhatsAppMessage);
