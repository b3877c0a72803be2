/*
 * The one way a staff reply leaves on WhatsApp: a function given to
 * deliverStaffReply. The shared Twilio Messages sender (tenant credentials from
 * the encrypted store) is plugged in here; tests pass a fake that records calls.
 */

export interface WhatsAppOutbound {
  /** The tenant whose stored Twilio credentials and WhatsApp number send it. */
  tenantId: string;
  /** The client's number, E.164 (+41791234567), without the whatsapp: prefix. */
  to: string;
  body: string;
}

export interface WhatsAppSent {
  /** Twilio's MessageSid, stored as the staff message's external id. */
  providerMessageId: string | null;
}

export type SendWhatsApp = (message: WhatsAppOutbound) => Promise<WhatsAppSent>;

/** The sender could not send for a reason the console can name (no credentials, refused by Twilio). */
export class WhatsAppSendError extends Error {
  constructor(
    readonly reason: "not_configured" | "refused" | "unreachable",
    message: string,
  ) {
    super(message);
    this.name = "WhatsAppSendError";
  }
}

/** A sender that sends nothing: for a process with no WhatsApp at all, the console says so. */
export const unconnectedWhatsAppSender: SendWhatsApp = async () => {
  throw new WhatsAppSendError("not_configured", "WhatsApp sending is not set up for this workspace yet.");
};
