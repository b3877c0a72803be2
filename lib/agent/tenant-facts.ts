import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { loadResourceTerms, type OpeningInterval, type ResourceTerms } from "@/lib/booking";
import type { TenantDb } from "@/lib/db/tenant-db";
import { parsePlanLimits } from "@/lib/billing/plan-catalogue";
import { agentSettingsOf, type AgentSettings } from "./agent-settings";
import { recordingSettingsOf, type RecordingSettings } from "@/lib/settings/recording-settings";
import { emergencyNumbersFor } from "./emergency-numbers";
import type { AgentLocale } from "./language";

export interface ServiceFact {
  id: string;
  /** The name in the tenant's own language, as stored. */
  name: string;
  /** The name per caller language, where the tenant gave one. */
  names: Partial<Record<AgentLocale, string>>;
  synonyms: string[];
  durationMinutes: number;
  bufferMinutes: number;
  priceCents: number | null;
  currency: string | null;
}

/** A staff member or room, as booking reads it (active or not: askablePeople keeps the active ones). */
export type ResourceFact = ResourceTerms;

/** What the receptionist reads from the tenant's configuration at the start of a turn. */
export interface TenantFacts {
  timeZone: string;
  defaultLocale: AgentLocale;
  region: CountryCode;
  businessName: string;
  address: string;
  /** How to get there, as the tenant wrote it; empty when not given. */
  directions: string;
  transferPhone: string | null;
  /** Numbers to call in an emergency: the tenant's own, else its region's. */
  emergencyNumbers: readonly string[];
  personaName: string;
  /** The voice assistant's voice and tone (Vapi). */
  personaVoice: string;
  personaTone: string;
  greeting: Partial<Record<AgentLocale, string>>;
  services: ServiceFact[];
  hours: OpeningInterval[];
  /** Closures that had not ended when the facts were read, soonest first; compare `endsOn` with today before use. */
  closures: Array<{ startsOn: string; endsOn: string; reason: string }>;
  faq: Array<{ question: string; answer: string; language: string }>;
  /** Staff and rooms, active or not, in display order; each with its services, hours and closures. */
  resources: ResourceTerms[];
  /** Which reader the tenant chose (tenant.settings.agent). */
  agent: AgentSettings;
  /** Whether calls are recorded (tenant.settings.recording); off unless the owner turned it on. */
  recording: RecordingSettings;
  /** The plan and its model tokens a month (null: unlimited); a plan change bumps config_version, so this stays fresh. */
  plan: { code: string; modelTokensPerMonth: number | null };
}

export type FactsDb = Pick<TenantDb, "tenant" | "businessProfile" | "service" | "openingHours" | "closure" | "faqEntry" | "resource" | "calendarConnection">;

/** `{ fr, en }` strings from a JSON column; anything else is dropped. */
function perLanguage(json: unknown): Partial<Record<AgentLocale, string>> {
  const out: Partial<Record<AgentLocale, string>> = {};
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const locale of ["fr", "en"] as const) {
      const value = (json as Record<string, unknown>)[locale];
      if (typeof value === "string" && value.trim()) out[locale] = value.trim();
    }
  }
  return out;
}

/** The service's name for a caller speaking `locale`. */
export function serviceName(service: Pick<ServiceFact, "name" | "names">, locale: AgentLocale): string {
  return service.names[locale] ?? service.name;
}

/** The tenant's configuration as the receptionist needs it; independent of the time it is read, so it can be cached. */
export async function loadTenantFacts(db: FactsDb): Promise<TenantFacts> {
  const tenant = await db.tenant.findFirst({
    select: { name: true, timezone: true, locale: true, region: true, settings: true, plan: true, planRef: { select: { limits: true } } },
  });
  if (!tenant) throw new Error("The current tenant does not exist");
  const profile = await db.businessProfile.findFirst();
  const services = await db.service.findMany({
    where: { active: true },
    select: {
      id: true,
      name: true,
      localizedNames: true,
      synonyms: true,
      durationMinutes: true,
      bufferMinutes: true,
      priceCents: true,
      currency: true,
    },
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
    directions: profile?.directions ?? "",
    transferPhone: profile?.transferPhone ?? null,
    emergencyNumbers: emergencyNumbersFor(tenant.region, profile?.emergencyNumber),
    personaName: profile?.personaName ?? "Camille",
    personaVoice: profile?.personaVoice ?? "alloy",
    personaTone: profile?.personaTone ?? "warm",
    greeting: perLanguage(profile?.greeting),
    services: services.map(({ localizedNames, ...s }) => ({ ...s, names: perLanguage(localizedNames) })),
    hours,
    closures: closures.map((c) => ({
      startsOn: c.startsOn.toISOString().slice(0, 10),
      endsOn: c.endsOn.toISOString().slice(0, 10),
      reason: c.reason,
    })),
    faq: await db.faqEntry.findMany({ select: { question: true, answer: true, language: true }, orderBy: { createdAt: "asc" } }),
    resources: await loadResourceTerms(db),
    agent: agentSettingsOf(tenant.settings),
    recording: recordingSettingsOf(tenant.settings),
    plan: { code: tenant.plan, modelTokensPerMonth: parsePlanLimits(tenant.planRef?.limits).modelTokensPerMonth },
  };
}
