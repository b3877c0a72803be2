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

type TenantRow = Omit<ChannelTenant, "locale" | "serving"> & { locale: string };

/** A tenant row as channels see it: its language narrowed to fr/en, and whether it serves callers. */
export function channelTenantOf({ id, slug, name, status, locale, timezone, region }: TenantRow): ChannelTenant {
  return { id, slug, name, status, timezone, region, locale: locale === "en" ? "en" : "fr", serving: !NOT_SERVING.has(status) };
}

/** The current tenant (from runAsTenant). */
export async function loadChannelTenant(): Promise<ChannelTenant> {
  const t = await tenantDb().tenant.findFirstOrThrow({
    select: { id: true, slug: true, name: true, status: true, locale: true, timezone: true, region: true },
  });
  return channelTenantOf(t);
}
