import "server-only";

/*
 * The voice tools' own statements, run on the pool as autocommit statements
 * under the request's tenant setting (row-level security applies); each names
 * its tenant ($1) too. Covered by tests/db/raw-statement-isolation.test.ts.
 */
export const TOOL_SQL = {
  /** The call's conversation, created on its first tool call. */
  conversation: `INSERT INTO conversations (tenant_id, id, channel, external_id, updated_at)
  VALUES ($1, gen_random_uuid(), 'voice', $2, now())
  ON CONFLICT (tenant_id, channel, external_id) DO UPDATE SET updated_at = now()
  RETURNING id`,
  toolMessage: `INSERT INTO messages (tenant_id, id, conversation_id, role, content, metadata, created_at)
  VALUES ($1, gen_random_uuid(), $2, 'tool', $3, $4::jsonb, now())`,
  handOff: `UPDATE conversations SET status = 'handed_off', updated_at = now() WHERE tenant_id = $1 AND id = $2`,
  /** The caller's upcoming appointments by their number, in one statement (the client lookup rides inside). */
  callerUpcoming: `SELECT a.id, a.service_id AS "serviceId", s.name AS service, a.resource_id AS "resourceId", a.client_id AS "clientId",
    a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.status, a.channel, a.conversation_id AS "conversationId"
  FROM appointments a JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
  WHERE a.tenant_id = $1 AND a.status = 'booked' AND a.starts_at >= $3
    AND a.client_id IN (SELECT c.id FROM clients c WHERE c.tenant_id = $1 AND c.phone = $2)
  ORDER BY a.starts_at, a.id LIMIT 10`,
  /** Whose diary the caller's last appointment (by their number) was in: the latest past one, else the next one. */
  lastResource: `SELECT a.resource_id AS "resourceId" FROM appointments a
  WHERE a.tenant_id = $1 AND a.status <> 'cancelled'
    AND a.client_id IN (SELECT c.id FROM clients c WHERE c.tenant_id = $1 AND c.phone = $2)
  ORDER BY a.starts_at <= $3 DESC, CASE WHEN a.starts_at <= $3 THEN a.starts_at END DESC, a.starts_at LIMIT 1`,
} as const;
