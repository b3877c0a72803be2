import "server-only";
import { z } from "zod";
import type { TenantUserContext } from "@/lib/auth";
import { recordAuditEvent } from "@/lib/audit";
import { memberAuditEntry } from "@/lib/auth/member-audit";
import { ApiError } from "@/lib/http";
import { requireTenantId } from "@/lib/tenancy";
import { calendarSql } from "./calendar-sql";

/*
 * Conflicts: our event was moved or deleted in the external calendar. Staff
 * accept (the appointment follows: moved, or cancelled) or dismiss (the
 * appointment stays and its event is written back). Accepting goes through
 * the booking rules the caller passes in, so a move onto a taken time is
 * refused like any other and the conflict stays open.
 */

export interface CalendarConflict {
  id: string;
  appointmentId: string;
  provider: "google" | "caldav";
  kind: "moved" | "deleted";
  clientName: string;
  serviceName: string;
  resourceId: string;
  startsAt: Date;
  endsAt: Date;
  movedTo: { start: Date; end: Date } | null;
  seenAt: Date;
}

const LIST = `SELECT e.id, e.appointment_id AS "appointmentId", c.provider::text AS provider, e.conflict_kind::text AS kind,
    cl.name AS "clientName", s.name AS "serviceName", a.resource_id AS "resourceId", a.starts_at AS "startsAt", a.ends_at AS "endsAt",
    e.conflict_starts_at AS "conflictStartsAt", e.conflict_ends_at AS "conflictEndsAt", e.conflict_at AS "seenAt"
  FROM appointment_calendar_events e
  JOIN calendar_connections c ON c.tenant_id = e.tenant_id AND c.id = e.connection_id
  JOIN appointments a ON a.tenant_id = e.tenant_id AND a.id = e.appointment_id
  JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
  JOIN clients cl ON cl.tenant_id = a.tenant_id AND cl.id = a.client_id
  WHERE e.tenant_id = $1 AND e.conflict_kind IS NOT NULL AND a.status = 'booked' AND ($2::uuid IS NULL OR e.id = $2)
  ORDER BY a.starts_at, e.id LIMIT 200`;

type Row = Omit<CalendarConflict, "movedTo"> & { conflictStartsAt: Date | null; conflictEndsAt: Date | null };

const view = ({ conflictStartsAt, conflictEndsAt, ...r }: Row): CalendarConflict => ({
  ...r,
  movedTo: conflictStartsAt && conflictEndsAt ? { start: conflictStartsAt, end: conflictEndsAt } : null,
});

/** Open conflicts of the current tenant's booked appointments, soonest first. */
export async function listCalendarConflicts(): Promise<CalendarConflict[]> {
  return (await calendarSql<Row>(LIST, [requireTenantId("Calendar conflicts"), null])).map(view);
}

export const resolveConflictInput = z.object({ action: z.enum(["accept", "dismiss"]) });

/** What accepting needs from booking, passed in by the route so lib/calendar never imports lib/booking. */
export interface ConflictBooking {
  move(appointmentId: string, startsAt: Date): Promise<unknown>;
  cancel(appointmentId: string): Promise<unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function resolveCalendarConflict(
  ctx: TenantUserContext,
  id: string,
  input: z.output<typeof resolveConflictInput>,
  booking: ConflictBooking,
): Promise<{ resolved: "accepted" | "dismissed"; kind: "moved" | "deleted" }> {
  if (!UUID.test(id)) throw new ApiError("not_found", "This conflict does not exist.");
  const [row] = await calendarSql<Row>(LIST, [requireTenantId("Calendar conflicts"), id]);
  if (!row) throw new ApiError("not_found", "This conflict does not exist or was already resolved.");
  const conflict = view(row);
  if (input.action === "accept") {
    // The appointment write fires the sync trigger, which clears the conflict and rewrites (or removes) the event.
    if (conflict.kind === "deleted") await booking.cancel(conflict.appointmentId);
    else await booking.move(conflict.appointmentId, conflict.movedTo!.start);
  }
  const accepted = input.action === "accept";
  await calendarSql(
    `UPDATE appointment_calendar_events SET resolution = $2, resolved_at = now(), conflict_kind = NULL, conflict_starts_at = NULL,
       conflict_ends_at = NULL, conflict_at = NULL, updated_at = now()${accepted ? "" : ", sync_state = 'pending', attempts = 0, next_attempt_at = NULL"}
     WHERE id = $1`,
    [id, accepted ? "accepted" : "dismissed"],
  );
  await recordAuditEvent(ctx.db, memberAuditEntry(ctx, `calendar.conflict_${accepted ? "accepted" : "dismissed"}`, `appointment:${conflict.appointmentId}`, { kind: conflict.kind }));
  return { resolved: accepted ? "accepted" : "dismissed", kind: conflict.kind };
}
