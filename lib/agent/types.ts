import type { Row, Statement, TenantTransaction } from "@/lib/db/tenant-transaction";

export interface AgentTurnInput {
  channel: "voice" | "whatsapp" | "web";
  /** Vapi call id / WhatsApp sender / web conversation id. */
  externalId: string;
  /**
   * An existing conversation of this channel to continue, by its id (the web
   * chat's conversationId); the turn fails with ConversationNotFoundError when
   * the tenant has none with that id. `externalId` is then ignored.
   */
  conversationId?: string;
  message: string;
  /** E.164 caller id on voice/whatsapp. */
  callerPhone?: string;
  /** Hint; otherwise detected from the message, else the tenant's default. */
  locale?: "fr" | "en";
  /** The web widget may pass these. */
  client?: { name?: string; phone?: string; email?: string };
  /** Provider message id (Twilio MessageSid) for idempotency. */
  messageExternalId?: string;
  /**
   * The tenant's config version the request was admitted at; when the
   * database's is newer the turn throws ConfigChangedError before writing.
   */
  configVersion?: number;
  /** For tests. */
  now?: Date;
  /**
   * A console rehearsal ("Try your receptionist"): the turn runs in full —
   * dialogue, booking, the turn's own writes — in a transaction that is rolled
   * back, so no conversation, client, appointment or usage is stored. `state`
   * and `lastReply` are what the previous rehearsal turn returned.
   */
  rehearsal?: { state: unknown; lastReply: string | null };
  /**
   * Asked inside the turn's transaction when this turn opens a NEW
   * conversation (the plan's quota, lib/billing); false refuses it: the turn
   * rolls back and throws NewConversationRefusedError.
   */
  admitNewConversation?: NewConversationGate;
}

/** The billing gate for a new conversation, run in the turn's own transaction. */
export interface NewConversationGate {
  /** Counts the conversation this turn opened; false refuses it. */
  admit(tx: TenantTransaction, conversationId: string): Promise<boolean>;
  /**
   * When the caller knows the turn opens a new conversation (a web chat
   * without conversationId), the count travels with the opening statements
   * instead, saving its round trip; `admitted` reads that statement's rows.
   */
  upfront?: { statement: Statement; admitted(rows: Row[]): boolean };
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
  /** A rehearsal's dialogue state, to send with its next turn. */
  rehearsalState?: unknown;
  /** A member has taken the conversation over: the message was stored and `reply` is empty. */
  heldByStaff?: true;
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
  /** The call's conversation when the caller resolved it already (then conversationExternalId is not read). */
  conversationId?: string | null;
  /** The caller's open transaction (the tool-call ledger's): the tool's statements run in it. */
  tx?: TenantTransaction;
  /** The tenant's config version the request was admitted at: the tools read configuration at least that new. */
  configVersion?: number;
  now?: Date;
}

export type AgentToolResult = { result: string } | { error: string };
