import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { createBooking, type AppointmentSummary } from "@/lib/booking";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import type { SecretStore } from "@/lib/secrets";
import { requireTenantId } from "@/lib/tenancy";
import { normalizePhone } from "./caller-answers";
import { createAgentMode, DEFAULT_MODEL_TIMEOUT_MS } from "./agent-mode";
import { runDialogueTurn, type DialogueInput } from "./dialogue";
import { readDialogueState, type DialogueState } from "./dialogue-state";
import type { ClientRecord, DialogueStore } from "./dialogue-store";
import type { AgentLocale } from "./language";
import { readWithModel, type ModelReading } from "./model-understanding";
import { repliesFor } from "./replies";
import { loadTenantFacts, type TenantFacts } from "./tenant-facts";
import type { AgentTurnInput, AgentTurnResult } from "./types";

const turnInputSchema = z.object({
  channel: z.enum(["voice", "whatsapp", "web"]),
  externalId: z.string().min(1).max(200),
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
  now: z.date().optional(),
});

/** The result of a turn as kept on its agent message, so a redelivered message gets the same answer. */
const storedResultSchema = z.object({
  inReplyTo: z.string(),
  handoff: z.boolean(),
  transferPhone: z.string().optional(),
  appointment: z
    .object({
      id: z.string(),
      service: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      status: z.enum(["booked", "cancelled"]),
    })
    .nullable(),
});

type StoredResult = z.infer<typeof storedResultSchema>;

function appointmentOutcome(a: AppointmentSummary | null): StoredResult["appointment"] {
  if (!a || (a.status !== "booked" && a.status !== "cancelled")) return null;
  return { id: a.id, service: a.service, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), status: a.status };
}

function resultFromStored(conversationId: string, reply: string, stored: StoredResult, duplicate: boolean): AgentTurnResult {
  const a = stored.appointment;
  return {
    conversationId,
    reply,
    handoff: stored.handoff,
    ...(stored.transferPhone ? { transferPhone: stored.transferPhone } : {}),
    appointment: a ? { ...a, startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt) } : null,
    duplicate,
  };
}

type TurnDb = Pick<TenantDb, "message" | "$queryRaw">;

/**
 * Finds or creates the conversation and locks its row for the rest of the
 * transaction (the upsert takes the row lock): two messages of one
 * conversation, or a provider's redelivery racing the original, are handled
 * one after the other, each seeing the state the other left.
 */
async function lockConversation(db: TurnDb, channel: AgentTurnInput["channel"], externalId: string) {
  const tenantId = requireTenantId("runAgentTurn");
  const rows = await db.$queryRaw<Array<{ id: string; client_id: string | null; state: unknown }>>`
    INSERT INTO conversations (tenant_id, channel, external_id, updated_at)
    VALUES (${tenantId}::uuid, ${channel}::"Channel", ${externalId}, now())
    ON CONFLICT (tenant_id, channel, external_id) DO UPDATE SET updated_at = now()
    RETURNING id, client_id, state`;
  const row = rows[0];
  if (!row) throw new Error("The conversation row could not be read back");
  return row;
}

async function previousTurn(db: TurnDb, messageExternalId: string): Promise<AgentTurnResult | null> {
  const caller = await db.message.findFirst({
    where: { externalId: messageExternalId },
    select: { id: true, conversationId: true },
  });
  if (!caller) return null;
  const agent = await db.message.findFirst({
    where: { conversationId: caller.conversationId, role: "agent", metadata: { path: ["inReplyTo"], equals: caller.id } },
    select: { content: true, metadata: true },
  });
  const stored = storedResultSchema.safeParse(agent?.metadata);
  if (!agent || !stored.success) {
    return { conversationId: caller.conversationId, reply: agent?.content ?? "", handoff: false, appointment: null, duplicate: true };
  }
  return resultFromStored(caller.conversationId, agent.content, stored.data, true);
}

type StoreDb = Pick<TenantDb, "client" | "appointment" | "$executeRaw">;

function prismaDialogueStore(db: StoreDb): DialogueStore {
  const columns = { id: true, name: true, phone: true, email: true } as const;
  return {
    clientByPhone: (phone) => db.client.findFirst({ where: { phone }, select: columns }),
    async clientIdsNamed(name) {
      const rows = await db.client.findMany({ where: { name: { equals: name, mode: "insensitive" } }, select: { id: true }, take: 20 });
      return rows.map((r) => r.id);
    },
    async ensureClient({ name, phone, email }) {
      // ON CONFLICT: another conversation may create the same caller at the same moment,
      // and a failed INSERT would abort this turn's transaction.
      await db.$executeRaw`
        INSERT INTO clients (tenant_id, name, phone, email, updated_at)
        VALUES (${requireTenantId("Creating a client")}::uuid, ${name}, ${phone}, ${email ?? null}, now())
        ON CONFLICT (tenant_id, phone) DO NOTHING`;
      const client = await db.client.findFirst({ where: { phone }, select: { id: true } });
      if (!client) throw new Error("The client row could not be read back");
      return client.id;
    },
    async bookedAppointments(ids) {
      if (!ids.length) return [];
      const rows = await db.appointment.findMany({
        where: { id: { in: ids }, status: "booked" },
        include: { service: { select: { name: true } } },
        orderBy: { startsAt: "asc" },
      });
      return rows.map((a) => ({ ...a, service: a.service.name }));
    },
  };
}

async function knownClientOf(db: StoreDb, linkedId: string | null, phone: string | null): Promise<ClientRecord | null> {
  const columns = { id: true, name: true, phone: true, email: true } as const;
  if (linkedId) {
    const linked = await db.client.findFirst({ where: { id: linkedId }, select: columns });
    if (linked) return linked;
  }
  return phone ? db.client.findFirst({ where: { phone }, select: columns }) : null;
}

/** Where a conversation stood: a model reading made against another point is not used. */
const turnMark = (state: DialogueState) => `${state.turns}|${state.lastTurnAt ?? ""}`;

interface PreparedReading {
  model: string | null;
  reading: ModelReading;
  mark: string | null;
}

export interface ReceptionistOptions {
  /** The tenant's secrets; without them the receptionist stays in deterministic mode. */
  secrets?: SecretStore;
  /** How long a turn waits for the model before falling back to the keyword rules. */
  modelTimeoutMs?: number;
}

/** The receptionist over a tenant-scoped client; call its functions inside runAsTenant. */
export function createReceptionist(db: TenantDb, options: ReceptionistOptions = {}) {
  const agentMode = options.secrets ? createAgentMode(db, options.secrets) : null;
  const modelTimeoutMs = options.modelTimeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS;

  /**
   * Model mode's reading of the message, made before the turn's transaction so
   * no connection or conversation lock is held while the model thinks; null in
   * deterministic mode and for a redelivered message, which the stored turn answers.
   */
  async function prepareReading(
    input: z.infer<typeof turnInputSchema>,
    facts: TenantFacts,
    now: Date,
  ): Promise<PreparedReading | null> {
    const endpoint = agentMode ? await agentMode.modelEndpoint(facts.agent, modelTimeoutMs) : null;
    if (!endpoint) return null;
    if ("unavailable" in endpoint) return { model: null, reading: { ok: false, reason: endpoint.unavailable, totalTokens: null }, mark: null };
    if (input.messageExternalId && (await db.message.findFirst({ where: { externalId: input.messageExternalId }, select: { id: true } }))) {
      return null;
    }
    const conversation = await db.conversation.findFirst({
      where: { channel: input.channel, externalId: input.externalId },
      select: { id: true, state: true },
    });
    const state = readDialogueState(conversation?.state);
    const lastReply = conversation
      ? await db.message.findFirst({
          where: { conversationId: conversation.id, role: "agent" },
          orderBy: { createdAt: "desc" },
          select: { content: true },
        })
      : null;
    const pick = state.step?.awaiting === "appointment_choice" ? state.step.candidates : [];
    const candidates = pick.length
      ? await db.appointment.findMany({ where: { id: { in: pick } }, select: { id: true, startsAt: true, service: { select: { name: true } } } })
      : [];
    const reading = await readWithModel(
      endpoint,
      input.message,
      facts,
      {
        state,
        lastReply: lastReply?.content ?? null,
        candidates: pick.flatMap((id) => {
          const a = candidates.find((c) => c.id === id);
          return a ? [{ service: a.service.name, startsAt: a.startsAt }] : [];
        }),
      },
      now,
    );
    return { model: endpoint.model, reading, mark: turnMark(state) };
  }

  async function runAgentTurn(raw: AgentTurnInput): Promise<AgentTurnResult> {
    const input = turnInputSchema.parse(raw);
    const now = input.now ?? new Date();
    // Read once, outside the transaction: configuration, not conversation
    // state, so the conversation lock need not cover it, and model mode reads
    // the message against the same facts the dialogue then acts on.
    const facts = await loadTenantFacts(db);
    const prepared = await prepareReading(input, facts, now);
    // One transaction per turn: the messages, the state, the booking and the
    // usage event are stored together or not at all, so a redelivered message
    // either finds the whole turn or none of it.
    return db.$transaction(
      async (tx) => {
        const conversation = await lockConversation(tx, input.channel, input.externalId);
        if (input.messageExternalId) {
          const previous = await previousTurn(tx, input.messageExternalId);
          if (previous) return previous;
        }
        const callerMessage = await tx.message.create({
          data: {
            conversationId: conversation.id,
            role: "caller",
            content: input.message,
            externalId: input.messageExternalId ?? null,
          },
          select: { id: true },
        });
        const state = readDialogueState(conversation.state);
        let reading = prepared?.reading;
        // Another message of this conversation was handled while the model read this one.
        if (reading?.ok && prepared?.mark !== turnMark(state)) {
          reading = { ok: false, reason: "stale_context", totalTokens: reading.totalTokens };
        }
        const understood: DialogueInput["understood"] = reading?.ok
          ? { understanding: reading.understanding, language: reading.language }
          : undefined;
        const outcome = await runDialogueTurn(
          { store: prismaDialogueStore(tx), booking: createBooking(tx, { savepoints: true, cacheReads: true }), facts },
          state,
          {
            channel: input.channel,
            conversationId: conversation.id,
            knownClient: await knownClientOf(
              tx,
              conversation.client_id,
              normalizePhone(input.callerPhone, facts.region) ?? normalizePhone(input.client?.phone, facts.region) ?? state.caller.phone ?? null,
            ),
            message: input.message,
            now,
            ...(input.callerPhone ? { callerPhone: input.callerPhone } : {}),
            ...(input.locale ? { locale: input.locale } : {}),
            ...(input.client ? { client: input.client } : {}),
            ...(understood ? { understood } : {}),
          },
        );
        const stored: StoredResult = {
          inReplyTo: callerMessage.id,
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
        await tx.message.create({
          data: {
            conversationId: conversation.id,
            role: "agent",
            content: outcome.reply,
            metadata: understanding ? { ...stored, understanding } : stored,
          },
        });
        await tx.conversation.update({
          where: { id: conversation.id },
          data: {
            state: outcome.state as Prisma.InputJsonObject,
            ...(outcome.clientId ? { clientId: outcome.clientId } : {}),
            ...(outcome.handoff ? { status: "handed_off" as const } : {}),
          },
        });
        await tx.usageEvent.createMany({
          data: [
            {
              metric: "inbound_message",
              quantity: 1,
              idempotencyKey: input.messageExternalId ?? randomUUID(),
              occurredAt: now,
            },
            ...(reading?.totalTokens
              ? [
                  {
                    metric: "model_token",
                    quantity: reading.totalTokens,
                    idempotencyKey: `model_token:${input.messageExternalId ?? callerMessage.id}`,
                    occurredAt: now,
                  },
                ]
              : []),
          ],
          skipDuplicates: true,
        });
        return resultFromStored(conversation.id, outcome.reply, stored, false);
      },
      // Under load turns queue for a pooled connection; waiting a while beats failing the caller.
      { maxWait: 10_000, timeout: 20_000 },
    );
  }

  /** The tenant's first message: its configured greeting, else one built from the business and persona names. */
  async function greetingFor(locale?: AgentLocale): Promise<string> {
    const tenant = await db.tenant.findFirst({ select: { name: true, locale: true } });
    const profile = await db.businessProfile.findFirst({
      select: { businessName: true, personaName: true, greeting: true },
    });
    const lang: AgentLocale = locale ?? (tenant?.locale.startsWith("en") ? "en" : "fr");
    const configured = (profile?.greeting as Record<string, unknown> | null | undefined)?.[lang];
    if (typeof configured === "string" && configured.trim()) return configured.trim();
    return repliesFor(lang).greeting(profile?.businessName || tenant?.name || "", profile?.personaName ?? "Camille");
  }

  return { runAgentTurn, greetingFor };
}

export type Receptionist = ReturnType<typeof createReceptionist>;
