import { handleWebChatUpdates, widgetPreflight, widgetUpdatesGate, withChannel } from "@/lib/channels";

export const POST = withChannel("web", handleWebChatUpdates, undefined, widgetUpdatesGate);
export const OPTIONS = widgetPreflight;
