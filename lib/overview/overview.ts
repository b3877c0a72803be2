import "server-only";
import { recentConversationsByChannel, type ConversationChannel, type ConversationRow } from "@/lib/conversations";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { loadMonthlyUsage, usageTenantSelect, type MonthlyUsage } from "@/lib/usage";
import { loadAgenda, type Agenda } from "./agenda";

export interface Overview {
  timeZone: string;
  agenda: Agenda;
  recent: Record<ConversationChannel, ConversationRow[]>;
  usage: MonthlyUsage;
}

/** Everything the Overview page shows, for the current tenant; call inside the tenant context. */
export async function loadOverview(db: TenantDb, now = new Date()): Promise<Overview> {
  const tenant = await db.tenant.findFirst({ select: usageTenantSelect });
  if (!tenant) throw new ApiError("not_found", "This workspace no longer exists.");
  const [agenda, recent, usage] = await Promise.all([
    loadAgenda(db, tenant.timezone, now),
    recentConversationsByChannel(db),
    loadMonthlyUsage(db, now, tenant),
  ]);
  return { timeZone: tenant.timezone, agenda, recent, usage };
}
