import "server-only";
import type pg from "pg";
import { inTenantTransaction, type Row, type Statement, type TenantTransaction } from "@/lib/db/tenant-transaction";
import { requireTenantId } from "@/lib/tenancy";
import {
  INSERT_FIRST_FREE,
  TAKE_TURN,
  turnKeys,
  type AppointmentSummary,
  type BookingStore,
  type NewAppointment,
  type ServiceTerms,
} from "./booking-store";
import type { ResourceTerms } from "./resource-terms";
import type { Schedule } from "./slot-grid";

/*
 * Booking storage in raw statements, for the receptionist's hot path. Each
 * statement names the tenant itself and runs as the app role under the
 * transaction's tenant setting, so row-level security still applies. The
 * tenant's services and schedule come from its cached configuration.
 */

/** Where the statements run: the turn's own transaction, or autocommit statements on the pool. */
export type SqlTarget = { tx: TenantTransaction } | { pool: pg.Pool };

export interface BookingConfig {
  services: ServiceTerms[];
  schedule: Schedule;
  /** Every resource of the tenant, in display order (lib/booking's loadResourceTerms). */
  resources: ResourceTerms[];
}

const SUMMARY = `a.id, a.service_id AS "serviceId", s.name AS service, a.resource_id AS "resourceId", r.name AS "resourceName",
  a.client_id AS "clientId", a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.status, a.channel, a.conversation_id AS "conversationId"`;
const JOINS = `JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
  JOIN resources r ON r.tenant_id = a.tenant_id AND r.id = a.resource_id`;

export const BOOKING_SQL = {
  busy: `SELECT starts_at AS "startsAt", ends_at AS "endsAt", resource_id AS "resourceId" FROM appointments
    WHERE tenant_id = $1 AND status = 'booked' AND starts_at < $3 AND ends_at > $2 AND ($4::uuid IS NULL OR id <> $4::uuid)`,
  insert: INSERT_FIRST_FREE,
  move: `UPDATE appointments SET starts_at = $3, ends_at = $4, resource_id = $5, updated_at = now()
    WHERE tenant_id = $1 AND id = $2 AND status = 'booked'`,
  booked: `SELECT ${SUMMARY}, s.duration_minutes AS "durationMinutes", s.buffer_minutes AS "bufferMinutes"
    FROM appointments a ${JOINS}
    WHERE a.tenant_id = $1 AND a.id = $2 AND a.status = 'booked'`,
  cancel: `WITH changed AS (
      UPDATE appointments SET status = 'cancelled', updated_at = now()
      WHERE tenant_id = $1 AND id = $2 AND status = 'booked' RETURNING *)
    SELECT ${SUMMARY} FROM (SELECT * FROM changed UNION ALL
      SELECT * FROM appointments WHERE tenant_id = $1 AND id = $2 AND NOT EXISTS (SELECT 1 FROM changed)) a
    ${JOINS}`,
  upcoming: `SELECT ${SUMMARY} FROM appointments a ${JOINS}
    WHERE a.tenant_id = $1 AND a.client_id = ANY($2::uuid[]) AND a.status = 'booked' AND a.starts_at >= $3
    ORDER BY a.starts_at, a.id LIMIT $4`,
} as const;

function runner(target: SqlTarget) {
  if ("tx" in target) {
    const { tx } = target;
    return {
      query: <R,>(text: string, values: unknown[]) => tx.query<R>(text, values),
      /** Under a savepoint, in one round trip: a refused write leaves the turn's transaction usable. */
      async inTurn(keys: string[], statement: Statement): Promise<Row[]> {
        try {
          const results = await tx.run({ text: "SAVEPOINT booking_write" }, { text: TAKE_TURN, values: [keys] }, statement, {
            text: "RELEASE SAVEPOINT booking_write",
          });
          return results[2]!;
        } catch (error) {
          await tx.query("ROLLBACK TO SAVEPOINT booking_write");
          throw error;
        }
      },
    };
  }
  const { pool } = target;
  return {
    query: async <R,>(text: string, values: unknown[]) => (await pool.query(text, values)).rows as R[],
    inTurn: (keys: string[], statement: Statement) =>
      inTenantTransaction(pool, [{ text: TAKE_TURN, values: [keys] }, statement], async (_tx, opened) => ({ closing: [], value: opened[1]! })),
  };
}

export function sqlBookingStore(target: SqlTarget, config: BookingConfig): BookingStore {
  const sql = runner(target);
  const tenant = () => requireTenantId("Booking");
  return {
    service: async (id) => config.services.find((s) => s.id === id) ?? null,
    schedule: async () => config.schedule,
    resources: async () => config.resources,
    busy: (from, to, ignore) =>
      sql.query<{ startsAt: Date; endsAt: Date; resourceId: string }>(BOOKING_SQL.busy, [tenant(), from, to, ignore ?? null]),
    async insert(row: NewAppointment, candidates) {
      const values: unknown[] = [tenant(), row.serviceId, row.clientId, row.conversationId, row.startsAt, row.endsAt, row.channel];
      values.push(candidates.resourceIds, candidates.dayStart, candidates.dayEnd);
      const [inserted] = await sql.inTurn(turnKeys(candidates.resourceIds), { text: BOOKING_SQL.insert, values });
      return inserted ? { id: String(inserted.id), resourceId: String(inserted.resourceId) } : null;
    },
    async move(id, startsAt, endsAt, resourceId) {
      const values = [tenant(), id, startsAt, endsAt, resourceId];
      const rows = await sql.inTurn(turnKeys([resourceId]), { text: `${BOOKING_SQL.move} RETURNING id`, values });
      return rows.length;
    },
    async booked(id) {
      const [row] = await sql.query<AppointmentSummary & { durationMinutes: number; bufferMinutes: number }>(BOOKING_SQL.booked, [tenant(), id]);
      if (!row) return null;
      const { durationMinutes, bufferMinutes, ...summary } = row;
      return { ...summary, terms: { id: row.serviceId, name: row.service, durationMinutes, bufferMinutes } };
    },
    async cancel(id) {
      const [row] = await sql.query<AppointmentSummary>(BOOKING_SQL.cancel, [tenant(), id]);
      return row ?? null;
    },
    upcoming: (clientIds, now, limit) => sql.query<AppointmentSummary>(BOOKING_SQL.upcoming, [tenant(), clientIds, now, limit]),
  };
}
