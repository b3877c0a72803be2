import "server-only";
export { withChannel, type ChannelHandler } from "./with-channel";
export type { ChannelContext } from "./channel-gate";
export { resolveChannelRoute, resolveTenantSlug, type ChannelKind } from "./channel-route";
export type { ChannelTenant, ChannelLocale } from "./channel-tenant";
export { handleVapiMessage } from "./vapi-webhook";
export { handleWhatsAppMessage, handleWhatsAppStatus } from "./whatsapp-webhook";
export { handleWebChat } from "./web-chat";
export { handleWebChatUpdates } from "./web-chat-updates";
export { widgetUpdatesGate } from "./widget-gate";
export {
  chatRequestSchema,
  chatResponseSchema,
  chatDeltaSchema,
  chatUpdatesRequestSchema,
  chatUpdatesResponseSchema,
  type ChatUpdatesResponse,
  type ChatRequest,
  type ChatResponse,
  type ChatAppointment,
} from "./web-chat-contract";
export { widgetPreflight, WIDGET_KEY_HEADER } from "./widget-cors";
export { WIDGET_SCRIPT } from "./widget-script";
export { handleWidgetConfig, type WidgetConfig } from "./widget-config";
export { loadWidgetDemo, type WidgetDemo } from "./widget-demo";
export { generateWidgetKey, hashWidgetKey, widgetKeyPrefix, looksLikeWidgetKey, type NewWidgetKey } from "./widget-key";
export { toE164 } from "./phone-number";
