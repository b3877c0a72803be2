import "server-only";
import { tenantDb } from "@/lib/db";
import { requireTenantId } from "@/lib/tenancy";
import { tenantSql } from "./tenant-sql";
import { reminderDueAt, reminderFor, REMINDER_KINDS, type ReminderKind, type ReminderSettings } from "./reminder-settings";

/*
 * Reminders are not stored at booking time: each dispatch run writes the
 * ones due now, for appointments booked now, with the tenant's settings of
 * now. The row's unique key (appointment, kind, due time) makes that write
 * idempotent across reruns and workers; a moved appointment has a new due
 * time, so it is reminded again, once.
 */

const HOUR = 3_600_000;

interface Candidate {
  id: string;
  startsAt: Date;
  /** The latest booking or move confirmation: a reminder due before it would repeat it. */
  changedAt: Date;
}

const CANDIDATES = `SELECT a.id, a.starts_at AS "startsAt",
    GREATEST(a.created_at, (SELECT max(o.scheduled_for) FROM outbound_messages o
      WHERE o.tenant_id = a.tenant_id AND o.appointment_id = a.id AND o.kind IN ('booked', 'moved'))) AS "changedAt"
  FROM appointments a
  WHERE a.tenant_id = $1 AND a.status = 'booked' AND a.starts_at > $2 AND a.starts_at <= $3`;

/** Whether `kind` is the reminder to send for an appointment at `now` (never the first once the second is due). */
export function dueReminder(settings: ReminderSettings, startsAt: Date, changedAt: Date, now: Date, timeZone: string): { kind: ReminderKind; dueAt: Date } | null {
  let chosen: { kind: ReminderKind; dueAt: Date } | null = null;
  for (const kind of REMINDER_KINDS) {
    const reminder = reminderFor(settings, kind);
    if (!reminder.enabled) continue;
    const dueAt = reminderDueAt(startsAt, reminder.hoursBefore, timeZone);
    if (dueAt <= now && changedAt < dueAt) chosen = { kind, dueAt };
  }
  return chosen;
}

/** Writes the reminders due at `now`; how many were new. */
export async function planDueReminders(settings: ReminderSettings, timeZone: string, now: Date): Promise<number> {
  const reminders = REMINDER_KINDS.map((k) => reminderFor(settings, k)).filter((r) => r.enabled);
  if (!reminders.length) return 0;
  const tenantId = requireTenantId("Planning reminders");
  // Wall-clock lead times differ from real ones by a DST hour at most.
  const horizon = new Date(now.getTime() + (Math.max(...reminders.map((r) => r.hoursBefore)) + 2) * HOUR);
  const rows = await tenantSql<Candidate>(CANDIDATES, [tenantId, now, horizon]);
  const due = rows
    .map((a) => ({ id: a.id, due: dueReminder(settings, a.startsAt, a.changedAt, now, timeZone) }))
    .filter((a) => a.due !== null);
  if (!due.length) return 0;
  const { count } = await tenantDb().outboundMessage.createMany({
    data: due.map((a) => ({ appointmentId: a.id, kind: a.due!.kind, scheduledFor: a.due!.dueAt })),
    skipDuplicates: true,
  });
  return count;
}
