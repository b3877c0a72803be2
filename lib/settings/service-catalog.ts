import "server-only";
import type { z } from "zod";
import type { TenantUserContext } from "@/lib/auth";
import { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { auditMemberChange } from "@/lib/auth/member-audit";
import { tenantRegion } from "./business-settings";
import { REGION_CURRENCY, type serviceSchema } from "./settings-schemas";

type ServiceData = z.output<typeof serviceSchema>;

export interface ServiceRow {
  id: string;
  name: string;
  /** The name per caller language, where one was given. */
  names: { fr?: string; en?: string };
  synonyms: string[];
  durationMinutes: number;
  bufferMinutes: number;
  price: number | null;
  currency: string | null;
  active: boolean;
}

export async function listServices(db: TenantDb): Promise<ServiceRow[]> {
  const rows = await db.service.findMany({ orderBy: { name: "asc" } });
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    names: namesOf(s.localizedNames),
    synonyms: s.synonyms,
    durationMinutes: s.durationMinutes,
    bufferMinutes: s.bufferMinutes,
    price: s.priceCents === null ? null : s.priceCents / 100,
    currency: s.currency?.toUpperCase() ?? null,
    active: s.active,
  }));
}

function namesOf(json: unknown): ServiceRow["names"] {
  const names: ServiceRow["names"] = {};
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const locale of ["fr", "en"] as const) {
      const value = (json as Record<string, unknown>)[locale];
      if (typeof value === "string" && value.trim()) names[locale] = value.trim();
    }
  }
  return names;
}

/** Only the languages given a name are stored: an empty one falls back to the service's name. */
function storedNames(names: NonNullable<ServiceData["names"]>): Prisma.InputJsonObject {
  return Object.fromEntries(Object.entries(names).filter(([, v]) => !!v));
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

const nameTaken = () => new ApiError("conflict", "A service with this name already exists.", "name");

/** The row's columns; `stored` is the current row on update, whose currency and names stay unless given. */
async function columns(db: TenantDb, input: ServiceData, stored?: { currency: string | null }) {
  const currency = input.currency ?? stored?.currency?.toUpperCase() ?? REGION_CURRENCY[await tenantRegion(db)] ?? "EUR";
  return {
    name: input.name,
    synonyms: input.synonyms,
    durationMinutes: input.durationMinutes,
    bufferMinutes: input.bufferMinutes,
    priceCents: input.price === null ? null : Math.round(input.price * 100),
    currency: input.price === null ? null : currency,
    active: input.active,
    ...(input.names ? { localizedNames: storedNames(input.names) } : stored ? {} : { localizedNames: {} }),
  };
}

export async function createService(ctx: TenantUserContext, input: ServiceData) {
  try {
    const row = await ctx.db.service.create({ data: await columns(ctx.db, input) });
    await auditMemberChange(ctx, "service.created", `service:${row.id}`, { name: row.name });
    return { id: row.id };
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateService(ctx: TenantUserContext, id: string, input: ServiceData) {
  try {
    const stored = await ctx.db.service.findFirst({ where: { id }, select: { currency: true } });
    if (!stored) throw new ApiError("not_found", "This service does not exist.");
    const { count } = await ctx.db.service.updateMany({ where: { id }, data: await columns(ctx.db, input, stored) });
    if (!count) throw new ApiError("not_found", "This service does not exist.");
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  await auditMemberChange(ctx, "service.updated", `service:${id}`, { name: input.name, active: input.active });
  return { id };
}

/** Appointments keep pointing at their service, so a booked service is deactivated rather than deleted. */
export async function deleteService(ctx: TenantUserContext, id: string) {
  const service = await ctx.db.service.findFirst({ where: { id }, select: { id: true, name: true } });
  if (!service) throw new ApiError("not_found", "This service does not exist.");
  if (await ctx.db.appointment.count({ where: { serviceId: id } })) {
    throw new ApiError("conflict", "This service has appointments: make it inactive instead of deleting it.");
  }
  await ctx.db.service.deleteMany({ where: { id } });
  await auditMemberChange(ctx, "service.deleted", `service:${id}`, { name: service.name });
}
