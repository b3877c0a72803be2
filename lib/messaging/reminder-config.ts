import "server-only";
import type { z } from "zod";
import { recordAuditEvent } from "@/lib/audit";
import type { TenantUserContext } from "@/lib/auth";
import { memberAuditEntry } from "@/lib/auth/member-audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { requireTenantId } from "@/lib/tenancy";
import { reminderSettingsInput, reminderSettingsOf, type ReminderSettings } from "./reminder-settings";

/*
 * The console's Reminders section: the tenant's settings, and what stops
 * messages from going (no Twilio credentials while a WhatsApp number is
 * routed; recent failures with the latest reason), so a tenant never learns
 * from a client that nothing was sent.
 */

export interface ReminderConsole {
  settings: ReminderSettings;
  twilioMissing: boolean;
  failures: { count: number; reason: string | null };
}

const WEEK = 7 * 86_400_000;

export async function loadReminderConsole(db: TenantDb, now: Date = new Date()): Promise<ReminderConsole> {
  const [tenant, route, secrets, failed] = await Promise.all([
    db.tenant.findFirst({ select: { settings: true } }),
    db.channelRoute.findFirst({ where: { channel: "whatsapp", active: true, revokedAt: null }, select: { id: true } }),
    db.tenantSecret.findMany({ where: { provider: "twilio" }, select: { name: true } }),
    db.outboundMessage.findMany({
      where: { OR: [{ status: "failed" }, { deliveryStatus: { in: ["failed", "undelivered"] } }], updatedAt: { gte: new Date(now.getTime() - WEEK) } },
      select: { lastError: true },
      orderBy: { updatedAt: "desc" },
    }),
  ]);
  const names = new Set(secrets.map((s) => s.name));
  return {
    settings: reminderSettingsOf(tenant?.settings),
    twilioMissing: !!route && !(names.has("account_sid") && names.has("auth_token")),
    failures: { count: failed.length, reason: failed[0]?.lastError ?? null },
  };
}

export async function saveReminderSettings(ctx: TenantUserContext, input: z.output<typeof reminderSettingsInput>): Promise<ReminderSettings> {
  const tenantId = requireTenantId("Saving reminders");
  const reminders: ReminderSettings = {
    first: { enabled: input.firstEnabled, hoursBefore: input.firstHoursBefore },
    second: { enabled: input.secondEnabled, hoursBefore: input.secondHoursBefore },
  };
  return ctx.db.$transaction(async (transaction) => {
    const tx = transaction as unknown as TenantDb;
    const row = await tx.tenant.findFirst({ select: { settings: true } });
    const all = row?.settings && typeof row.settings === "object" && !Array.isArray(row.settings) ? row.settings : {};
    await tx.tenant.update({ where: { id: tenantId }, data: { settings: { ...(all as Prisma.InputJsonObject), reminders } } });
    await recordAuditEvent(tx, memberAuditEntry(ctx, "reminders.updated", `tenant:${tenantId}`, { ...reminders }));
    return reminders;
  });
}
