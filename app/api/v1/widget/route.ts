import { handleWidgetConfig, widgetPreflight, withChannel } from "@/lib/channels";

export const POST = withChannel("web", handleWidgetConfig);
export const OPTIONS = widgetPreflight;
