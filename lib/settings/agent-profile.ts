import "server-only";
import type { z } from "zod";
import { getAgentMode, setAgentMode, type AgentModeSummary } from "@/lib/agent";
import type { TenantUserContext } from "@/lib/auth";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { repliesFor } from "@/lib/agent/replies";
import type { AgentPersona, agentModeSchema, faqEntrySchema } from "./agent-profile-schemas";
import { widgetAppearanceOf, type WidgetAppearance } from "./widget-appearance";
import { auditMemberChange, memberActor } from "@/lib/auth/member-audit";

/*
 * The Agent page's server side. It writes the same columns the receptionist
 * reads (business_profiles.persona_* and greeting, faq_entries), with the
 * same defaults, so the page shows exactly what callers will hear.
 */

type Ctx = TenantUserContext;
type Language = "fr" | "en";

export interface FaqRow {
  id: string;
  question: string;
  answer: string;
  language: Language;
}

export interface AgentProfile {
  personaName: string;
  personaVoice: string;
  personaTone: string;
  greeting: Partial<Record<Language, string>>;
  /** What the receptionist says when no greeting is set: the page shows it as the fallback. */
  builtInGreeting: Record<Language, string>;
  /** The languages the business offers: the page asks for a greeting in each. */
  languages: Language[];
  faq: FaqRow[];
  /** The widget's look with defaults filled in, and what was actually stored (empty title = the business name). */
  widget: WidgetAppearance;
  widgetStored: { title: string; avatar: string };
  businessName: string;
}

function storedWidgetText(json: unknown): { title: string; avatar: string } {
  const o = json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  return { title: typeof o.title === "string" ? o.title : "", avatar: typeof o.avatar === "string" ? o.avatar : "" };
}

function greetingOf(json: unknown): Partial<Record<Language, string>> {
  const out: Partial<Record<Language, string>> = {};
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const lang of ["fr", "en"] as const) {
      const value = (json as Record<string, unknown>)[lang];
      if (typeof value === "string" && value.trim()) out[lang] = value.trim();
    }
  }
  return out;
}

const languageOf = (value: string): Language => (value === "en" ? "en" : "fr");

export async function listFaqEntries(db: TenantDb): Promise<FaqRow[]> {
  const rows = await db.faqEntry.findMany({ orderBy: [{ language: "asc" }, { createdAt: "asc" }] });
  return rows.map((r) => ({ id: r.id, question: r.question, answer: r.answer, language: languageOf(r.language) }));
}

export async function loadAgentProfile(db: TenantDb): Promise<AgentProfile> {
  const tenant = await db.tenant.findFirst({ select: { name: true } });
  const profile = await db.businessProfile.findFirst();
  const businessName = profile?.businessName || tenant?.name || "";
  const personaName = profile?.personaName ?? "Camille";
  const languages = (profile?.languages ?? ["fr"]).filter((l): l is Language => l === "fr" || l === "en");
  return {
    // The same fallbacks as lib/agent/tenant-facts.ts and the voice assistant.
    personaName,
    personaVoice: profile?.personaVoice ?? "alloy",
    personaTone: profile?.personaTone ?? "warm",
    greeting: greetingOf(profile?.greeting),
    builtInGreeting: { fr: repliesFor("fr").greeting(businessName, personaName), en: repliesFor("en").greeting(businessName, personaName) },
    languages: languages.length ? languages : ["fr"],
    faq: await listFaqEntries(db),
    widget: widgetAppearanceOf(profile?.widget, { businessName, personaName }),
    widgetStored: storedWidgetText(profile?.widget),
    businessName,
  };
}

/**
 * Saves persona and greetings. A greeting sent empty is removed (the built-in
 * one is used again); a language not sent keeps its greeting, so a form that
 * shows only the offered languages never erases another's.
 */
export async function updateAgentPersona(ctx: Ctx, input: AgentPersona) {
  const tenant = await ctx.db.tenant.findFirst({ select: { name: true } });
  if (!tenant) throw new ApiError("not_found", "This workspace no longer exists.");
  const current = await ctx.db.businessProfile.findFirst({ select: { greeting: true } });
  const greeting = greetingOf(current?.greeting);
  for (const lang of ["fr", "en"] as const) {
    const sent = input.greeting[lang];
    if (sent === undefined) continue;
    if (sent) greeting[lang] = sent;
    else delete greeting[lang];
  }
  const data = {
    personaName: input.personaName,
    personaVoice: input.personaVoice,
    personaTone: input.personaTone,
    greeting: greeting as Prisma.InputJsonObject,
    ...(input.widget ? { widget: input.widget as Prisma.InputJsonObject } : {}),
  };
  await ctx.db.businessProfile.upsert({
    where: { tenantId: ctx.user.tenantId },
    create: { businessName: tenant.name, ...data },
    update: data,
  });
  await auditMemberChange(ctx, "settings.agent.updated", `tenant:${ctx.user.tenantId}`, {
    fields: ["personaName", "personaVoice", "personaTone", "greeting", ...(input.widget ? ["widget"] : [])],
    greetingLanguages: Object.keys(greeting),
  });
  return { personaName: data.personaName, personaVoice: data.personaVoice, personaTone: data.personaTone, greeting };
}

type FaqData = z.output<typeof faqEntrySchema>;

export async function createFaqEntry(ctx: Ctx, input: FaqData): Promise<FaqRow> {
  const row = await ctx.db.faqEntry.create({ data: input });
  await auditMemberChange(ctx, "faq.created", `faq:${row.id}`, { language: input.language });
  return { id: row.id, question: row.question, answer: row.answer, language: languageOf(row.language) };
}

export async function updateFaqEntry(ctx: Ctx, id: string, input: FaqData): Promise<FaqRow> {
  const { count } = await ctx.db.faqEntry.updateMany({ where: { id }, data: input });
  if (!count) throw new ApiError("not_found", "This FAQ entry does not exist.");
  await auditMemberChange(ctx, "faq.updated", `faq:${id}`, { language: input.language });
  return { id, ...input };
}

export async function deleteFaqEntry(ctx: Ctx, id: string) {
  const { count } = await ctx.db.faqEntry.deleteMany({ where: { id } });
  if (!count) throw new ApiError("not_found", "This FAQ entry does not exist.");
  await auditMemberChange(ctx, "faq.deleted", `faq:${id}`);
}

/** Keyword rules or model mode, and whether an OpenAI key is stored (never the key). */
export function loadAgentMode(): Promise<AgentModeSummary> {
  return getAgentMode();
}

/** lib/agent refuses model mode without a stored OpenAI key (400 on `mode`) and audits the switch. */
export function changeAgentMode(ctx: Ctx, input: z.output<typeof agentModeSchema>): Promise<AgentModeSummary> {
  return setAgentMode(input.mode, {}, memberActor(ctx));
}
