import type { CountryCode } from "libphonenumber-js";
import { wallClockAt, type OpeningInterval } from "@/lib/booking";
import type { TenantDb } from "@/lib/db/tenant-db";
import { agentSettingsOf, type AgentSettings } from "./agent-mode";
import type { AgentLocale } from "./language";

/** What the receptionist reads from the tenant's configuration at the start of a turn. */
export interface TenantFacts {
  timeZone: string;
  defaultLocale: AgentLocale;
  region: CountryCode;
  businessName: string;
  address: string;
  transferPhone: string | null;
  personaName: string;
  greeting: Partial<Record<AgentLocale, string>>;
  services: Array<{ id: string; name: string; synonyms: string[]; durationMinutes: number }>;
  hours: OpeningInterval[];
  /** Closures ending today or later, soonest first. */
  closures: Array<{ startsOn: string; endsOn: string; reason: string }>;
  /** Which reader the tenant chose (tenant.settings.agent). */
  agent: AgentSettings;
}

export type FactsDb = Pick<TenantDb, "tenant" | "businessProfile" | "service" | "openingHours" | "closure">;

function greetingsFrom(json: unknown): Partial<Record<AgentLocale, string>> {
  const out: Partial<Record<AgentLocale, string>> = {};
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const locale of ["fr", "en"] as const) {
      const value = (json as Record<string, unknown>)[locale];
      if (typeof value === "string" && value.trim()) out[locale] = value.trim();
    }
  }
  return out;
}

export async function loadTenantFacts(db: FactsDb, now: Date): Promise<TenantFacts> {
  const tenant = await db.tenant.findFirst({
    select: { name: true, timezone: true, locale: true, region: true, settings: true },
  });
  if (!tenant) throw new Error("The current tenant does not exist");
  const profile = await db.businessProfile.findFirst();
  const services = await db.service.findMany({
    where: { active: true },
    select: { id: true, name: true, synonyms: true, durationMinutes: true },
    orderBy: { name: "asc" },
  });
  const hours = await db.openingHours.findMany({ select: { weekday: true, opensAt: true, closesAt: true } });
  const today = wallClockAt(now, tenant.timezone).date;
  const closures = await db.closure.findMany({
    where: { endsOn: { gte: new Date(`${today}T00:00:00.000Z`) } },
    orderBy: { startsOn: "asc" },
    select: { startsOn: true, endsOn: true, reason: true },
  });
  return {
    timeZone: tenant.timezone,
    defaultLocale: tenant.locale.startsWith("en") ? "en" : "fr",
    region: tenant.region as CountryCode,
    businessName: profile?.businessName || tenant.name,
    address: profile?.address ?? "",
    transferPhone: profile?.transferPhone ?? null,
    personaName: profile?.personaName ?? "Camille",
    greeting: greetingsFrom(profile?.greeting),
    services,
    hours,
    closures: closures.map((c) => ({
      startsOn: c.startsOn.toISOString().slice(0, 10),
      endsOn: c.endsOn.toISOString().slice(0, 10),
      reason: c.reason,
    })),
    agent: agentSettingsOf(tenant.settings),
  };
}
