import "server-only";
import { tenantDb } from "@/lib/db";
import type { Region, TenantStatus } from "@/lib/db/generated/client";

export type ChannelLocale = "fr" | "en";

/** What every channel handler needs to know about the tenant in context. */
export interface ChannelTenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  locale: ChannelLocale;
  timezone: string;
  region: Region;
  /**
   * False for suspended or cancelled tenants: callers get a polite refusal,
   * never the receptionist, and nothing of theirs is stored.
   */
  serving: boolean;
}

const NOT_SERVING: ReadonlySet<TenantStatus> = new Set<TenantStatus>(["suspended", "cancelled"]);

/** The current tenant (from runAsTenant). */
export async function loadChannelTenant(): Promise<ChannelTenant> {
  const t = await tenantDb().tenant.findFirstOrThrow({
    select: { id: true, slug: true, name: true, status: true, locale: true, timezone: true, region: true },
  });
  return { ...t, locale: t.locale === "en" ? "en" : "fr", serving: !NOT_SERVING.has(t.status) };
}
