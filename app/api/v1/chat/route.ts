import { handleWebChat, widgetPreflight, withChannel } from "@/lib/channels";

export const POST = withChannel("web", handleWebChat);
export const OPTIONS = widgetPreflight;
