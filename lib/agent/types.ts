export interface AgentTurnInput {
  channel: "voice" | "whatsapp" | "web";
  /** Vapi call id / WhatsApp sender / web conversation id. */
  externalId: string;
  message: string;
  /** E.164 caller id on voice/whatsapp. */
  callerPhone?: string;
  /** Hint; otherwise detected from the message, else the tenant's default. */
  locale?: "fr" | "en";
  /** The web widget may pass these. */
  client?: { name?: string; phone?: string; email?: string };
  /** Provider message id (Twilio MessageSid) for idempotency. */
  messageExternalId?: string;
  /** For tests. */
  now?: Date;
}

export interface AgentTurnAppointment {
  id: string;
  service: string;
  startsAt: Date;
  endsAt: Date;
  status: "booked" | "cancelled";
}

export interface AgentTurnResult {
  conversationId: string;
  reply: string;
  /** True when the agent hands over to a human. */
  handoff: boolean;
  /** The tenant's transfer phone when handing off on voice. */
  transferPhone?: string;
  /** The appointment this turn created, moved or cancelled. */
  appointment: null | AgentTurnAppointment;
  /** True when messageExternalId was already processed: same reply returned, nothing done twice. */
  duplicate: boolean;
}

export type AgentToolName =
  | "check_availability"
  | "book_appointment"
  | "cancel_appointment"
  | "reschedule_appointment"
  | "transfer_call";

export interface AgentToolContext {
  callerPhone?: string;
  conversationExternalId?: string;
  now?: Date;
}

export type AgentToolResult = { result: string } | { error: string };
