import "server-only";
export { SUPPORT_NEVER, SUPPORT_ROLE, supportRefusal, type SupportRefusal } from "./support-policy";
export { supportClock, setSupportClock } from "./support-clock";
export { supportCookieName } from "./support-cookie";
export { SUPPORT_MAX_MINUTES, SUPPORT_TICKET_TTL_SECONDS, startSupportSchema, startSupportSession, tenantIdSchema, type StartedSupportSession } from "./support-start";
export { redeemSupportTicket, resolveSupportPrincipal, endSupportSession } from "./support-principal";
export { SUPPORT_ENTER_PATH, SUPPORT_EXIT_PATH, supportEnterUrl, enterSupportMode, exitSupportMode } from "./support-routes";
export { emailOwnersSupportStarted } from "./support-notice";
export { supportSettingSchema, loadSupportWritesAllowed, setSupportWritesAllowed } from "./support-setting";
