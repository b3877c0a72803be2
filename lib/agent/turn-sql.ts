import "server-only";
import type { AppointmentSummary } from "@/lib/booking";
import type { Statement, TenantTransaction } from "@/lib/db/tenant-transaction";
import type { Channel } from "@/lib/db/generated/client";
import type { ClientRecord, DialogueStore } from "./dialogue-store";

/*
 * The statements of a receptionist turn. Each names the tenant ($1, from the
 * context) and runs as the app role under the transaction's tenant setting,
 * so row-level security applies to them as to everything else; the isolation
 * tests run each of them against another tenant's rows.
 */

const CONTEXT = `
SELECT c.id, c.client_id AS "clientId", c.state, c.status, c.inserted, c.taken_over_at IS NOT NULL AS "takenOver",
  (SELECT t.config_version FROM tenants t WHERE t.id = $1) AS "configVersion",
  k.id AS "knownId", k.name AS "knownName", k.phone AS "knownPhone", k.email AS "knownEmail",
  p.previous
FROM conv c
LEFT JOIN LATERAL (
  SELECT id, name, phone, email FROM clients
  WHERE tenant_id = $1 AND (id = c.client_id OR phone = COALESCE($3, c.state->'caller'->>'phone'))
  ORDER BY (id = c.client_id) IS TRUE DESC LIMIT 1
) k ON true
LEFT JOIN LATERAL (
  SELECT json_build_object('conversationId', m.conversation_id, 'reply', a.content, 'metadata', a.metadata) AS previous
  FROM messages m
  LEFT JOIN LATERAL (
    SELECT content, metadata FROM messages a
    WHERE a.tenant_id = $1 AND a.conversation_id = m.conversation_id AND a.role = 'agent' AND a.metadata->>'inReplyTo' = m.id::text
    LIMIT 1
  ) a ON true
  WHERE $4::text IS NOT NULL AND m.tenant_id = $1 AND m.external_id = $4
) p ON true`;

export const TURN_SQL = {
  /** Creates or locks the conversation by its channel's external id, with what the turn must know. */
  openByExternalId: `WITH conv AS (
  INSERT INTO conversations (tenant_id, id, channel, external_id, updated_at)
  VALUES ($1, gen_random_uuid(), $2::"Channel", $5, now())
  ON CONFLICT (tenant_id, channel, external_id) DO UPDATE SET updated_at = now()
  RETURNING id, client_id, state, status, taken_over_at, (xmax = 0) AS inserted
)${CONTEXT}`,
  /** Locks an existing conversation of the channel by id; no row when it is not this tenant's. */
  openById: `WITH conv AS (
  UPDATE conversations SET updated_at = now()
  WHERE tenant_id = $1 AND id = $5::uuid AND channel = $2::"Channel"
  RETURNING id, client_id, state, status, taken_over_at, false AS inserted
)${CONTEXT}`,
  /**
   * Both messages, the state and the usage of the turn. The caller's message
   * goes first: a provider's redelivery that raced this turn makes it fail on
   * (tenant_id, external_id), so nothing of the duplicate turn commits.
   * The model's tokens also go to the month's counter ($16 period, $17 the
   * plan's tokens, 0 = unlimited, $18 plan), opening the 80%/100% notices once
   * per period as usage-counter.ts does; the new total comes back so the
   * receptionist knows when the month's tokens are used, at no extra round trip.
   */
  close: `WITH caller AS (
  INSERT INTO messages (tenant_id, id, conversation_id, role, content, external_id, metadata, created_at)
  VALUES ($1, $2, $3, 'caller', $4, $5, '{}', now())
  RETURNING id
), agent AS (
  INSERT INTO messages (tenant_id, id, conversation_id, role, content, metadata, created_at)
  SELECT $1, $6, $3, 'agent', $7, $8::jsonb, GREATEST(clock_timestamp(), now() + interval '1 millisecond') FROM caller
), conv AS (
  UPDATE conversations SET state = $9::jsonb, client_id = COALESCE($10::uuid, client_id), updated_at = now(),
    status = CASE WHEN $11::boolean THEN 'handed_off'::"ConversationStatus" ELSE status END
  WHERE tenant_id = $1 AND id = $3
), usage AS (
  INSERT INTO usage_events (tenant_id, id, metric, quantity, idempotency_key, occurred_at)
  SELECT $1, gen_random_uuid(), u.metric, u.quantity, u.key, $12 FROM caller,
    (VALUES ('inbound_message', 1, $13::text), ('model_token', $14::int, $15::text)) AS u(metric, quantity, key)
  WHERE u.quantity > 0
  ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
), tokens AS (
  INSERT INTO usage_counters (tenant_id, id, period, metric, used, included, ceiling, plan_code, updated_at)
  SELECT $1, gen_random_uuid(), $16, 'model_tokens', $14::int, $17::int, $17::int, $18, now() FROM caller WHERE $14::int > 0
  ON CONFLICT (tenant_id, period, metric) DO UPDATE
    SET used = usage_counters.used + EXCLUDED.used, included = EXCLUDED.included, ceiling = EXCLUDED.ceiling,
        plan_code = EXCLUDED.plan_code, updated_at = now()
  RETURNING used, included
), token_notices AS (
  INSERT INTO billing_notices (tenant_id, id, notice_key, kind, metric, period, level)
  SELECT $1, gen_random_uuid(), 'usage:model_tokens:' || $16 || ':' || l.level, 'usage_alert', 'model_tokens', $16, l.level
  FROM tokens c, (VALUES (80), (100)) AS l(level)
  WHERE c.included > 0
    AND c.used - $14::int < ceil(c.included * l.level / 100.0)
    AND c.used >= ceil(c.included * l.level / 100.0)
  ON CONFLICT (tenant_id, notice_key) DO NOTHING
  RETURNING level
)
SELECT id, (SELECT used FROM tokens) AS "tokensUsed", (SELECT count(*)::int FROM token_notices) AS "tokenNotices" FROM caller`,
  /**
   * A turn on a conversation a member has taken over: the caller's message and
   * its usage are stored, no reply is written (staff answer from the inbox).
   */
  closeHeld: `WITH caller AS (
  INSERT INTO messages (tenant_id, id, conversation_id, role, content, external_id, metadata, created_at)
  VALUES ($1, $2, $3, 'caller', $4, $5, '{"heldByStaff":true}', now())
  RETURNING id
), usage AS (
  INSERT INTO usage_events (tenant_id, id, metric, quantity, idempotency_key, occurred_at)
  SELECT $1, gen_random_uuid(), 'inbound_message', 1, $6, $7 FROM caller
  ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
)
SELECT id FROM caller`,
  /** A rehearsal's conversation, created in its (rolled-back) transaction with the state it carries. */
  seedRehearsal: `INSERT INTO conversations (tenant_id, id, channel, external_id, state, updated_at)
  VALUES ($1, gen_random_uuid(), $2::"Channel", $3, $4::jsonb, now())
  ON CONFLICT (tenant_id, channel, external_id) DO UPDATE SET state = EXCLUDED.state`,
  clientByPhone: `SELECT id, name, phone, email FROM clients WHERE tenant_id = $1 AND phone = $2`,
  clientIdsNamed: `SELECT id FROM clients WHERE tenant_id = $1 AND lower(name) = lower($2) ORDER BY created_at LIMIT 20`,
  ensureClient: `WITH created AS (
  INSERT INTO clients (tenant_id, id, name, phone, email, updated_at) VALUES ($1, gen_random_uuid(), $2, $3, $4, now())
  ON CONFLICT (tenant_id, phone) DO NOTHING RETURNING id
)
SELECT id FROM created UNION ALL SELECT id FROM clients WHERE tenant_id = $1 AND phone = $3`,
  /** Whose diary the client's last appointment was in: the latest past one, else the next one. */
  lastResource: `SELECT resource_id AS "resourceId" FROM appointments
  WHERE tenant_id = $1 AND client_id = $2 AND status <> 'cancelled'
  ORDER BY starts_at <= $3 DESC, CASE WHEN starts_at <= $3 THEN starts_at END DESC, starts_at LIMIT 1`,
  bookedAppointments: `SELECT a.id, a.service_id AS "serviceId", s.name AS service, a.resource_id AS "resourceId", a.client_id AS "clientId",
  a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.status, a.channel, a.conversation_id AS "conversationId"
FROM appointments a JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
WHERE a.tenant_id = $1 AND a.id = ANY($2::uuid[]) AND a.status = 'booked' ORDER BY a.starts_at, a.id`,
} as const;

export interface OpenedConversation {
  id: string;
  clientId: string | null;
  state: unknown;
  configVersion: number;
  /** This turn created the conversation (a new one counts against the plan). */
  inserted: boolean;
  /** A member has taken the conversation over: the receptionist stays silent. */
  takenOver: boolean;
  knownClient: ClientRecord | null;
  previous: { conversationId: string; reply: string | null; metadata: unknown } | null;
}

export interface OpenRequest {
  tenantId: string;
  channel: Channel;
  /** The conversation's id (web chat continuing a conversation) or its channel's external id. */
  conversation: { id: string } | { externalId: string };
  callerPhone: string | null;
  messageExternalId: string | null;
}

export function openStatement(request: OpenRequest): Statement {
  const byId = "id" in request.conversation;
  const key = "id" in request.conversation ? request.conversation.id : request.conversation.externalId;
  return {
    text: byId ? TURN_SQL.openById : TURN_SQL.openByExternalId,
    values: [request.tenantId, request.channel, request.callerPhone, request.messageExternalId, key],
  };
}

export function readOpened(row: Record<string, unknown> | undefined): OpenedConversation | null {
  if (!row) return null;
  return {
    id: String(row.id),
    clientId: (row.clientId as string | null) ?? null,
    state: row.state,
    configVersion: Number(row.configVersion),
    inserted: row.inserted === true,
    takenOver: row.takenOver === true,
    knownClient: row.knownId
      ? {
          id: String(row.knownId),
          name: String(row.knownName),
          phone: (row.knownPhone as string | null) ?? null,
          email: (row.knownEmail as string | null) ?? null,
        }
      : null,
    previous: (row.previous as OpenedConversation["previous"]) ?? null,
  };
}

/** The dialogue's storage inside the turn's transaction. */
export function turnDialogueStore(tx: TenantTransaction, tenantId: string): DialogueStore {
  return {
    async clientByPhone(phone) {
      const [row] = await tx.query<ClientRecord>(TURN_SQL.clientByPhone, [tenantId, phone]);
      return row ?? null;
    },
    async clientIdsNamed(name) {
      return (await tx.query<{ id: string }>(TURN_SQL.clientIdsNamed, [tenantId, name])).map((r) => r.id);
    },
    async ensureClient({ name, phone, email }) {
      const [row] = await tx.query<{ id: string }>(TURN_SQL.ensureClient, [tenantId, name, phone, email ?? null]);
      if (row) return row.id;
      // Created by a transaction that committed after this statement's snapshot was taken.
      const [late] = await tx.query<{ id: string }>(TURN_SQL.clientByPhone, [tenantId, phone]);
      if (!late) throw new Error("The client row could not be read back");
      return late.id;
    },
    async lastResourceOf(clientId, now) {
      const [row] = await tx.query<{ resourceId: string }>(TURN_SQL.lastResource, [tenantId, clientId, now]);
      return row?.resourceId ?? null;
    },
    async bookedAppointments(ids) {
      return ids.length ? tx.query<AppointmentSummary>(TURN_SQL.bookedAppointments, [tenantId, ids]) : [];
    },
  };
}
