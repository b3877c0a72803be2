import type { CountryCode } from "libphonenumber-js";
import type { OpeningInterval } from "@/lib/booking";
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
  services: Array<{ id: string; name: string; synonyms: string[]; durationMinutes: number; bufferMinutes: number }>;
  hours: OpeningInterval[];
  /** Closures that had not ended when the facts were read, soonest first; compare `endsOn` with today before use. */
  closures: Array<{ startsOn: string; endsOn: string; reason: string }>;
  faq: Array<{ question: string; answer: string; language: string }>;
  /** Which reader the tenant chose (tenant.settings.agent). */
  agent: AgentSettings;
}

export type FactsDb = Pick<TenantDb, "tenant" | "businessProfile" | "service" | "openingHours" | "closure" | "faqEntry">;

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

/** The tenant's configuration as the receptionist needs it; independent of the time it is read, so it can be cached. */
export async function loadTenantFacts(db: FactsDb): Promise<TenantFacts> {
  const tenant = await db.tenant.findFirst({
    select: { name: true, timezone: true, locale: true, region: true, settings: true },
  });
  if (!tenant) throw new Error("The current tenant does not exist");
  const profile = await db.businessProfile.findFirst();
  const services = await db.service.findMany({
    where: { active: true },
    select: { id: true, name: true, synonyms: true, durationMinutes: true, bufferMinutes: true },
    orderBy: { name: "asc" },
  });
  const hours = await db.openingHours.findMany({ select: { weekday: true, opensAt: true, closesAt: true } });
  // Two days back covers "today" in every time zone, whatever the server's clock says.
  const closures = await db.closure.findMany({
    where: { endsOn: { gte: new Date(Date.now() - 2 * 86_400_000) } },
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
    faq: await db.faqEntry.findMany({ select: { question: true, answer: true, language: true }, orderBy: { createdAt: "asc" } }),
    agent: agentSettingsOf(tenant.settings),
  };
}
