import "server-only";
import type { CountryCode } from "libphonenumber-js";
import type { z } from "zod";
import type { TenantUserContext } from "@/lib/auth";
import { addDays, findAvailableSlots, wallClockAt } from "@/lib/booking";
import { localDateFromDbDate, dbDateFromLocalDate } from "@/lib/booking/local-time";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import {
  businessPageSchema,
  businessProfileSchema,
  closureSchema,
  minutesFromTime,
  openingHoursSchema,
  timeFromMinutes,
} from "./settings-schemas";
import { auditMemberChange } from "@/lib/auth/member-audit";
import { emergencyNumbersFor } from "@/lib/agent/emergency-numbers";

type Ctx = TenantUserContext;


export interface BusinessSettings {
  region: CountryCode;
  businessName: string;
  address: string;
  timezone: string;
  languages: string[];
  transferPhone: string | null;
  /** How to get there, said with the address. */
  directions: string;
  /** The tenant's own emergency number; null means the region's. */
  emergencyNumber: string | null;
  /** What callers in an emergency are told to call when no number of its own is set. */
  regionEmergencyNumbers: readonly string[];
  hours: Array<{ weekday: number; opens: string; closes: string }>;
  closures: Array<{ id: string; startsOn: string; endsOn: string; reason: string }>;
}

export async function loadBusinessSettings(db: TenantDb): Promise<BusinessSettings> {
  const tenant = await db.tenant.findFirst({ select: { name: true, region: true, timezone: true } });
  if (!tenant) throw new ApiError("not_found", "This workspace no longer exists.");
  const profile = await db.businessProfile.findFirst();
  const hours = await db.openingHours.findMany({ orderBy: [{ weekday: "asc" }, { opensAt: "asc" }] });
  const closures = await db.closure.findMany({ orderBy: { startsOn: "asc" } });
  return {
    region: tenant.region as CountryCode,
    businessName: profile?.businessName || tenant.name,
    address: profile?.address ?? "",
    timezone: tenant.timezone,
    languages: profile?.languages ?? ["fr"],
    transferPhone: profile?.transferPhone ?? null,
    directions: profile?.directions ?? "",
    emergencyNumber: profile?.emergencyNumber ?? null,
    regionEmergencyNumbers: emergencyNumbersFor(tenant.region, null),
    hours: hours.map((h) => ({ weekday: h.weekday, opens: timeFromMinutes(h.opensAt), closes: timeFromMinutes(h.closesAt) })),
    closures: closures.map((c) => ({ id: c.id, startsOn: localDateFromDbDate(c.startsOn), endsOn: localDateFromDbDate(c.endsOn), reason: c.reason })),
  };
}

export async function tenantRegion(db: TenantDb): Promise<CountryCode> {
  const tenant = await db.tenant.findFirst({ select: { region: true } });
  if (!tenant) throw new ApiError("not_found", "This workspace no longer exists.");
  return tenant.region as CountryCode;
}

export async function updateBusinessProfile(ctx: Ctx, input: z.output<ReturnType<typeof businessProfileSchema>>) {
  const profile = {
    businessName: input.businessName,
    address: input.address,
    languages: input.languages,
    transferPhone: input.transferPhone,
    ...(input.directions !== undefined ? { directions: input.directions } : {}),
    ...(input.emergencyNumber !== undefined ? { emergencyNumber: input.emergencyNumber } : {}),
  };
  await ctx.db.$transaction([
    ctx.db.tenant.update({ where: { id: ctx.user.tenantId }, data: { name: input.businessName, timezone: input.timezone } }),
    ctx.db.businessProfile.upsert({
      where: { tenantId: ctx.user.tenantId },
      create: profile,
      update: profile,
    }),
  ]);
  await auditMemberChange(ctx, "settings.business.updated", `tenant:${ctx.user.tenantId}`, {
    fields: [
      "businessName",
      "address",
      "timezone",
      "languages",
      "transferPhone",
      ...(input.directions !== undefined ? ["directions"] : []),
      ...(input.emergencyNumber !== undefined ? ["emergencyNumber"] : []),
    ],
  });
  return input;
}

/** Replaces the whole week at once, so a form never leaves half a schedule behind. */
export async function replaceOpeningHours(ctx: Ctx, input: z.output<typeof openingHoursSchema>) {
  const rows = input.hours.map((h) => ({ weekday: h.weekday, opensAt: minutesFromTime(h.opens), closesAt: minutesFromTime(h.closes) }));
  await ctx.db.$transaction([ctx.db.openingHours.deleteMany({}), ctx.db.openingHours.createMany({ data: rows })]);
  await auditMemberChange(ctx, "settings.hours.updated", "opening_hours", { intervals: rows.length });
  return { hours: input.hours };
}

/** The Business page's one Save: everything in one transaction, each part audited as on its own. */
export async function saveBusinessPage(ctx: Ctx, input: z.output<ReturnType<typeof businessPageSchema>>) {
  const { profile, week, closures } = input;
  const rows = week.hours.map((h) => ({ weekday: h.weekday, opensAt: minutesFromTime(h.opens), closesAt: minutesFromTime(h.closes) }));
  const key = (r: { weekday: number; opensAt: number; closesAt: number }) => `${r.weekday}:${r.opensAt}-${r.closesAt}`;
  const previous = await ctx.db.openingHours.findMany({ select: { weekday: true, opensAt: true, closesAt: true } });
  const hoursChanged = previous.map(key).sort().join() !== rows.map(key).sort().join();
  const kept = closures.flatMap((c) => (c.id ? [c.id] : []));
  const fresh = closures.filter((c) => !c.id);
  const profileData = {
    businessName: profile.businessName,
    address: profile.address,
    languages: profile.languages,
    transferPhone: profile.transferPhone,
    ...(profile.directions !== undefined ? { directions: profile.directions } : {}),
    ...(profile.emergencyNumber !== undefined ? { emergencyNumber: profile.emergencyNumber } : {}),
  };
  await ctx.db.$transaction(async (tx) => {
    await tx.tenant.update({ where: { id: ctx.user.tenantId }, data: { name: profile.businessName, timezone: profile.timezone } });
    await tx.businessProfile.upsert({ where: { tenantId: ctx.user.tenantId }, create: profileData, update: profileData });
    if (hoursChanged) {
      await tx.openingHours.deleteMany({});
      if (rows.length) await tx.openingHours.createMany({ data: rows });
    }
    await tx.closure.deleteMany({ where: { id: { notIn: kept } } });
    for (const c of closures.filter((c) => c.id)) {
      await tx.closure.updateMany({ where: { id: c.id }, data: { startsOn: dbDateFromLocalDate(c.startsOn), endsOn: dbDateFromLocalDate(c.endsOn), reason: c.reason } });
    }
    if (fresh.length) {
      await tx.closure.createMany({ data: fresh.map((c) => ({ startsOn: dbDateFromLocalDate(c.startsOn), endsOn: dbDateFromLocalDate(c.endsOn), reason: c.reason })) });
    }
    const db = tx as unknown as TenantDb;
    await auditMemberChange(ctx, "settings.business.updated", `tenant:${ctx.user.tenantId}`, { fields: ["businessName", "address", "timezone", "languages", "transferPhone", "directions", "emergencyNumber"] }, db);
    // Saved unchanged, the week still counts as looked at (the setup checklist asks for exactly that).
    await auditMemberChange(ctx, hoursChanged ? "settings.hours.updated" : "settings.hours.confirmed", "opening_hours", { intervals: rows.length }, db);
    await auditMemberChange(ctx, "settings.closures.updated", "closures", { count: closures.length }, db);
  });
  return input;
}

export async function addClosure(ctx: Ctx, input: z.output<typeof closureSchema>) {
  const row = await ctx.db.closure.create({
    data: { startsOn: dbDateFromLocalDate(input.startsOn), endsOn: dbDateFromLocalDate(input.endsOn), reason: input.reason },
  });
  await auditMemberChange(ctx, "settings.closure.created", `closure:${row.id}`, { startsOn: input.startsOn, endsOn: input.endsOn });
  return { id: row.id, ...input };
}

export async function removeClosure(ctx: Ctx, id: string) {
  const { count } = await ctx.db.closure.deleteMany({ where: { id } });
  if (!count) throw new ApiError("not_found", "This closure does not exist.");
  await auditMemberChange(ctx, "settings.closure.deleted", `closure:${id}`);
}

export interface DayPreview {
  date: string;
  times: string[];
}

/** The next 7 days of open slots for the shortest active service, as the agent would offer them. */
export async function previewOpenSlots(db: TenantDb, now = new Date()): Promise<{ service: string | null; days: DayPreview[] }> {
  const tenant = await db.tenant.findFirst({ select: { timezone: true } });
  const service = await db.service.findFirst({ where: { active: true }, orderBy: [{ durationMinutes: "asc" }, { name: "asc" }] });
  if (!tenant) return { service: null, days: [] };
  const today = wallClockAt(now, tenant.timezone).date;
  const dates = Array.from({ length: 7 }, (_, i) => addDays(today, i));
  if (!service) return { service: null, days: dates.map((date) => ({ date, times: [] })) };
  const slots = await findAvailableSlots({ serviceId: service.id, from: now, to: new Date(now.getTime() + 7 * 86_400_000), now });
  return {
    service: service.name,
    days: dates.map((date) => ({ date, times: slots.filter((s) => s.localDate === date).map((s) => s.localTime) })),
  };
}
