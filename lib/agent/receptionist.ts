import "server-only";
import { calendarBusy } from "@/lib/calendar";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { createBookingOver, sqlBookingStore } from "@/lib/booking";
import { ConfigChangedError } from "@/lib/db/tenant-cache";
import type { TenantDb } from "@/lib/db/tenant-db";
import { inTenantTransaction, type TenantTransaction } from "@/lib/db/tenant-transaction";
import type { SecretStore } from "@/lib/secrets";
import { requireTenantId } from "@/lib/tenancy";
import { createAgentMode, DEFAULT_MODEL_TIMEOUT_MS } from "./agent-mode";
import { normalizePhone } from "./caller-answers";
import { runDialogueTurn, type DialogueInput } from "./dialogue";
import { readDialogueState } from "./dialogue-state";
import { bookingConfigOf, factsCacheFor } from "./facts-cache";
import type { AgentLocale } from "./language";
import { prepareModelReading, turnMark, type PreparedReading } from "./model-turn-reading";
import { repliesFor } from "./replies";
import type { TenantFacts } from "./tenant-facts";
import { createTokenBudget, TOKEN_LIMIT_READING } from "./token-budget";
import { appointmentOutcome, replayedTurn, resultFromStored, type StoredResult } from "./turn-result";
import { openStatement, readOpened, TURN_SQL, turnDialogueStore, type OpenedConversation } from "./turn-sql";
import type { AgentTurnInput, AgentTurnResult, NewConversationGate } from "./types";

const turnInputSchema = z.object({
  channel: z.enum(["voice", "whatsapp", "web"]),
  externalId: z.string().min(1).max(200),
  conversationId: z.uuid().optional(),
  message: z.string().max(4000),
  callerPhone: z.string().max(64).optional(),
  locale: z.enum(["fr", "en"]).optional(),
  client: z
    .object({
      name: z.string().max(200).optional(),
      phone: z.string().max(64).optional(),
      email: z.string().max(320).optional(),
    })
    .optional(),
  messageExternalId: z.string().min(1).max(200).optional(),
  configVersion: z.number().int().min(0).optional(),
  now: z.date().optional(),
  rehearsal: z.object({ state: z.unknown(), lastReply: z.string().max(4000).nullable() }).optional(),
});

type TurnInput = z.infer<typeof turnInputSchema>;

/** The conversation named by id does not exist for this tenant and channel. */
export class ConversationNotFoundError extends Error {
  constructor() {
    super("No conversation with this id on this channel");
    this.name = "ConversationNotFoundError";
  }
}

/** The plan refused a new conversation (quota, lib/billing): nothing of the turn was stored. */
export class NewConversationRefusedError extends Error {
  constructor() {
    super("The plan admits no new conversation now");
    this.name = "NewConversationRefusedError";
  }
}

/** The configuration changed between the cached read and the turn: read it again and start over. */
class StaleFactsError extends Error {
  constructor(readonly version: number) {
    super("Tenant configuration changed during the turn");
  }
}

const REDELIVERY_RACE = "messages_tenant_id_external_id_key";

function isRedeliveryRace(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === "23505" && e.constraint === REDELIVERY_RACE;
}

export interface ReceptionistOptions {
  /** The tenant's secrets; without them the receptionist stays in deterministic mode. */
  secrets?: SecretStore;
  /** How long a turn waits for the model before falling back to the keyword rules. */
  modelTimeoutMs?: number;
  /** A turn opened 80% / 100% model-token notices: send their emails (outside the turn). */
  onUsageNotices?: () => void;
}

/** The receptionist over a tenant-scoped client; call its functions inside runAsTenant. */
export function createReceptionist(db: TenantDb, options: ReceptionistOptions = {}) {
  const agentMode = options.secrets ? createAgentMode(db, options.secrets) : null;
  const modelTimeoutMs = options.modelTimeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS;
  const facts = factsCacheFor(db);
  const budget = createTokenBudget();

  /** Model mode's reading, unless the month's model tokens are used: then the keyword engine answers. */
  async function readMessage(input: TurnInput, tenantFacts: TenantFacts, tenantId: string, now: Date): Promise<PreparedReading | null> {
    if (agentMode && tenantFacts.agent.mode === "model" && (await budget.exhausted(db, tenantId, tenantFacts, now))) return TOKEN_LIMIT_READING;
    return prepareModelReading(db, agentMode, modelTimeoutMs, input, tenantFacts, now);
  }

  /**
   * One turn in two round trips when nothing is booked: the first opens the
   * transaction and creates or locks the conversation, reading its state, the
   * known client, a stored answer to a redelivered message and the tenant's
   * config version; the second writes both messages, the state and the usage,
   * with COMMIT in the same flight. Booking adds only its own statements.
   */
  async function runAgentTurn(raw: AgentTurnInput): Promise<AgentTurnResult> {
    const input = turnInputSchema.parse(raw);
    const now = input.now ?? new Date();
    const tenantId = requireTenantId("runAgentTurn");
    let current = await facts.get(tenantId);
    let prepared = await readMessage(input, current.value, tenantId, now);
    for (let attempt = 1; ; attempt++) {
      try {
        return await turnInTransaction(input, current, prepared, now, tenantId, raw.admitNewConversation);
      } catch (error) {
        if (error instanceof StaleFactsError && attempt < 3) {
          const before = { agent: current.value.agent, plan: current.value.plan };
          current = await facts.get(tenantId, error.version);
          // The reader (keyword rules ↔ model) or the plan's tokens may have changed: read the message again.
          if (JSON.stringify(before) !== JSON.stringify({ agent: current.value.agent, plan: current.value.plan })) {
            prepared = await readMessage(input, current.value, tenantId, now);
          }
          continue;
        }
        if (isRedeliveryRace(error) && input.messageExternalId) return replayStored(input.messageExternalId);
        throw error;
      }
    }
  }

  function turnInTransaction(
    input: TurnInput,
    cached: { version: number; value: TenantFacts },
    prepared: PreparedReading | null,
    now: Date,
    tenantId: string,
    admitNew: NewConversationGate | undefined,
  ): Promise<AgentTurnResult> {
    const tenantFacts = cached.value;
    const callerPhone = normalizePhone(input.callerPhone, tenantFacts.region) ?? normalizePhone(input.client?.phone, tenantFacts.region);
    const open = openStatement({
      tenantId,
      channel: input.channel,
      conversation: input.conversationId ? { id: input.conversationId } : { externalId: input.externalId },
      callerPhone,
      messageExternalId: input.messageExternalId ?? null,
    });
    const seed = input.rehearsal
      ? [{ text: TURN_SQL.seedRehearsal, values: [tenantId, input.channel, input.externalId, JSON.stringify(input.rehearsal.state ?? {})] }]
      : [];
    const upfront = input.conversationId ? undefined : admitNew?.upfront;
    return inTenantTransaction(db.pool, [...seed, open, ...(upfront ? [upfront.statement] : [])], async (tx, opened) => {
      const conversation = readOpened(opened[seed.length]?.[0]);
      if (!conversation) throw new ConversationNotFoundError();
      if (conversation.previous) return { closing: [], value: replayedTurn(conversation.previous) };
      if (input.configVersion !== undefined && conversation.configVersion > input.configVersion) {
        throw new ConfigChangedError(conversation.configVersion);
      }
      if (conversation.configVersion > cached.version) throw new StaleFactsError(conversation.configVersion);
      const admitted = upfront
        ? upfront.admitted(opened[opened.length - 1] ?? [])
        : !conversation.inserted || !admitNew || (await admitNew.admit(tx, conversation.id));
      if (!admitted) throw new NewConversationRefusedError();
      if (conversation.takenOver) return { closing: [heldStatement(input, conversation.id, now, tenantId)], value: heldTurn(conversation.id) };
      return converse(tx, input, conversation, tenantFacts, prepared, now, tenantId);
    });
  }

  async function converse(
    tx: TenantTransaction,
    input: TurnInput,
    conversation: OpenedConversation,
    tenantFacts: TenantFacts,
    prepared: PreparedReading | null,
    now: Date,
    tenantId: string,
  ) {
    const state = readDialogueState(conversation.state);
    let reading = prepared?.reading;
    // Another message of this conversation was handled while the model read this one.
    if (reading?.ok && prepared?.mark !== turnMark(state)) {
      reading = { ok: false, reason: "stale_context", totalTokens: reading.totalTokens };
    }
    const understood: DialogueInput["understood"] = reading?.ok ? { understanding: reading.understanding, language: reading.language } : undefined;
    const booking = createBookingOver(sqlBookingStore({ tx }, bookingConfigOf(tenantFacts)), { externalBusy: calendarBusy((text, values) => tx.query(text, values)) });
    const outcome = await runDialogueTurn({ store: turnDialogueStore(tx, tenantId), booking, facts: tenantFacts }, state, {
      channel: input.channel,
      conversationId: conversation.id,
      knownClient: conversation.knownClient,
      message: input.message,
      now,
      ...(input.callerPhone ? { callerPhone: input.callerPhone } : {}),
      ...(input.locale ? { locale: input.locale } : {}),
      ...(input.client ? { client: input.client } : {}),
      ...(understood ? { understood } : {}),
    });
    const callerMessageId = randomUUID();
    const stored: StoredResult = {
      inReplyTo: callerMessageId,
      handoff: outcome.handoff,
      ...(outcome.transferPhone ? { transferPhone: outcome.transferPhone } : {}),
      appointment: appointmentOutcome(outcome.appointment),
    };
    // Which reader understood the message, kept with the answer; never the key or the model's raw output.
    const understanding = reading
      ? {
          mode: reading.ok ? "model" : "deterministic",
          ...(prepared?.model ? { model: prepared.model } : {}),
          ...(reading.ok ? {} : { fallback: reading.reason }),
          ...(reading.totalTokens !== null ? { totalTokens: reading.totalTokens } : {}),
        }
      : undefined;
    const tokens = reading?.totalTokens ?? 0;
    const committed = (rows: Array<Array<Record<string, unknown>>>) => {
      const row = rows[0]?.[0];
      if (!tokens || !row) return;
      budget.learn(tenantId, tenantFacts, now, row.tokensUsed);
      if (Number(row.tokenNotices) > 0) options.onUsageNotices?.();
    };
    const closing = {
      text: TURN_SQL.close,
      values: [
        tenantId,
        callerMessageId,
        conversation.id,
        input.message,
        input.messageExternalId ?? null,
        randomUUID(),
        outcome.reply,
        JSON.stringify(understanding ? { ...stored, understanding } : stored),
        JSON.stringify(outcome.state),
        outcome.clientId,
        outcome.handoff,
        now,
        input.messageExternalId ?? randomUUID(),
        tokens,
        tokens ? `model_token:${input.messageExternalId ?? callerMessageId}` : null,
        ...budget.counterValues(tenantFacts, now),
      ],
    };
    const value = resultFromStored(conversation.id, outcome.reply, stored, false);
    if (input.rehearsal) return { closing: [closing], value: { ...value, rehearsalState: outcome.state }, rollback: true };
    return { closing: [closing], value, committed };
  }

  /** The caller's message on a taken-over conversation: stored and counted, never answered by the receptionist. */
  function heldStatement(input: TurnInput, conversationId: string, now: Date, tenantId: string) {
    const callerMessageId = randomUUID();
    return {
      text: TURN_SQL.closeHeld,
      values: [tenantId, callerMessageId, conversationId, input.message, input.messageExternalId ?? null, input.messageExternalId ?? callerMessageId, now],
    };
  }

  /** A redelivery that raced the original: answer with what the original stored. */
  async function replayStored(messageExternalId: string): Promise<AgentTurnResult> {
    const caller = await db.message.findFirst({ where: { externalId: messageExternalId }, select: { id: true, conversationId: true } });
    if (!caller) throw new Error("The redelivered message's original turn could not be read back");
    const agent = await db.message.findFirst({
      where: { conversationId: caller.conversationId, role: "agent", metadata: { path: ["inReplyTo"], equals: caller.id } },
      select: { content: true, metadata: true },
    });
    return replayedTurn({ conversationId: caller.conversationId, reply: agent?.content ?? null, metadata: agent?.metadata });
  }

  /** The tenant's first message: its configured greeting, else one built from the business and persona names. */
  async function greetingFor(locale?: AgentLocale, atLeastVersion?: number): Promise<string> {
    const { value } = await facts.get(requireTenantId("greetingFor"), atLeastVersion);
    const lang: AgentLocale = locale ?? value.defaultLocale;
    return value.greeting[lang] ?? repliesFor(lang).greeting(value.businessName, value.personaName);
  }

  return { runAgentTurn, greetingFor, facts };
}

export type Receptionist = ReturnType<typeof createReceptionist>;

function heldTurn(conversationId: string): AgentTurnResult {
  return { conversationId, reply: "", handoff: false, appointment: null, duplicate: false, heldByStaff: true };
}
