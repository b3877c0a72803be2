import "server-only";
import type { TenantUserContext } from "@/lib/auth";
import { auditMemberChange } from "@/lib/auth/member-audit";
import { dbDateFromLocalDate } from "@/lib/booking/local-time";
import { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { resourcesMessages } from "@/lib/i18n/resources-messages";
import { loadBusinessIntervals, readResourceDetail, type ResourceDetail } from "./resource-directory";
import { newResourceSchema, resourceSchema, type ResourceData } from "./resource-schemas";

/*
 * Changes to Staff & rooms by a manager. Ids a form sends (a member, a
 * service) are checked to exist in this tenant before anything is written, so
 * a refusal names its field and leaves every row as it was; the composite
 * foreign keys refuse the rest anyway.
 */

type Ctx = TenantUserContext;
const EN = resourcesMessages.en;
const notFound = () => new ApiError("not_found", "This person or room does not exist.");
const nameTaken = () => new ApiError("conflict", "Another person or room already has this name.", "name");

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The schema for a full save, with the business's hours it must fit in. */
export async function resourceSaveSchema(db: TenantDb) {
  return resourceSchema(await loadBusinessIntervals(db), EN);
}
export const resourceCreateSchema = newResourceSchema(EN);

async function assertReferences(db: TenantDb, input: { memberUserId: string | null; serviceIds?: string[] }) {
  if (input.memberUserId && !(await db.membership.count({ where: { userId: input.memberUserId } }))) {
    throw new ApiError("bad_request", `memberUserId: ${EN.err_member}`, "memberUserId");
  }
  if (input.serviceIds?.length) {
    const known = await db.service.count({ where: { id: { in: input.serviceIds } } });
    if (known !== input.serviceIds.length) throw new ApiError("bad_request", `serviceIds: ${EN.err_service}`, "serviceIds");
  }
}

export async function createResource(ctx: Ctx, input: ReturnType<typeof resourceCreateSchema.parse>): Promise<{ id: string }> {
  await assertReferences(ctx.db, input);
  try {
    const id = await ctx.db.$transaction(async (transaction) => {
      const tx = transaction as unknown as TenantDb;
      const last = await tx.resource.findFirst({ select: { position: true }, orderBy: { position: "desc" } });
      const row = await tx.resource.create({
        data: { name: input.name, kind: input.kind, memberUserId: input.memberUserId, position: (last?.position ?? -1) + 1 },
        select: { id: true },
      });
      // Left out, a new person performs every active service: the usual salon or practice, changed on its page.
      const serviceIds = input.serviceIds ?? (await tx.service.findMany({ where: { active: true }, select: { id: true } })).map((s) => s.id);
      if (serviceIds.length) await tx.resourceService.createMany({ data: serviceIds.map((serviceId) => ({ resourceId: row.id, serviceId })) });
      await auditMemberChange(ctx, "resource.created", `resource:${row.id}`, { kind: input.kind, services: serviceIds.length }, tx);
      return row.id;
    });
    return { id };
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Which parts a save changed, for the audit trail (never the name itself: staff names are personal data). */
function changedParts(before: ResourceDetail, input: ResourceData): string[] {
  const parts: string[] = [];
  if (before.name !== input.name) parts.push("name");
  if (before.kind !== input.kind) parts.push("kind");
  if (before.memberUserId !== input.memberUserId) parts.push("member");
  if (before.active !== input.active) parts.push("active");
  if ([...before.serviceIds].sort().join() !== [...input.serviceIds].sort().join()) parts.push("services");
  const week = (h: ResourceDetail["hours"]) => (h ? h.map((i) => `${i.weekday}:${i.opens}-${i.closes}`).sort().join() : "business");
  if (week(before.hours) !== week(input.hours)) parts.push("hours");
  const days = (c: Array<{ startsOn: string; endsOn: string; reason: string }>) => c.map((x) => `${x.startsOn}/${x.endsOn}/${x.reason}`).sort().join();
  if (days(before.closures) !== days(input.closures)) parts.push("closures");
  return parts;
}

/** The whole resource in one transaction: details, services, week and days off. */
export async function saveResource(ctx: Ctx, id: string, input: ResourceData): Promise<ResourceDetail> {
  const before = await readResourceDetail(ctx.db, id);
  await assertReferences(ctx.db, input);
  if (!input.active && before.active && !(await ctx.db.resource.count({ where: { active: true, id: { not: id } } }))) {
    throw new ApiError("conflict", "At least one person or room must take bookings.", "active");
  }
  const kept = input.closures.flatMap((c) => (c.id ? [c.id] : []));
  if (kept.some((k) => !before.closures.some((c) => c.id === k))) throw new ApiError("bad_request", "closures: Unknown day off", "closures");
  try {
    await ctx.db.$transaction(async (transaction) => {
      const tx = transaction as unknown as TenantDb;
      const { count } = await tx.resource.updateMany({
        where: { id },
        data: { name: input.name, kind: input.kind, memberUserId: input.memberUserId, active: input.active },
      });
      if (!count) throw notFound();
      await tx.resourceService.deleteMany({ where: { resourceId: id } });
      if (input.serviceIds.length) await tx.resourceService.createMany({ data: input.serviceIds.map((serviceId) => ({ resourceId: id, serviceId })) });
      await tx.resourceHours.deleteMany({ where: { resourceId: id } });
      if (input.hours?.length) {
        await tx.resourceHours.createMany({
          data: input.hours.map((h) => ({ resourceId: id, weekday: h.weekday, opensAt: minutes(h.opens), closesAt: minutes(h.closes) })),
        });
      }
      await tx.resourceClosure.deleteMany({ where: { resourceId: id, id: { notIn: kept } } });
      for (const c of input.closures) {
        const data = { startsOn: dbDateFromLocalDate(c.startsOn), endsOn: dbDateFromLocalDate(c.endsOn), reason: c.reason };
        if (c.id) await tx.resourceClosure.updateMany({ where: { id: c.id, resourceId: id }, data });
        else await tx.resourceClosure.create({ data: { resourceId: id, ...data } });
      }
      await auditMemberChange(ctx, "resource.updated", `resource:${id}`, { parts: changedParts(before, input), active: input.active }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  return readResourceDetail(ctx.db, id);
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Deletes a resource that has never held an appointment (its history stays
 * otherwise: deactivate it). The last one cannot go, and when the default
 * goes the next one in order becomes the default.
 */
export async function deleteResource(ctx: Ctx, id: string, now: Date = new Date()): Promise<void> {
  const resource = await ctx.db.resource.findFirst({ where: { id }, select: { id: true, isDefault: true, kind: true } });
  if (!resource) throw notFound();
  if ((await ctx.db.resource.count()) <= 1) {
    throw new ApiError("conflict", "This is the only diary of the workspace: it cannot be deleted.");
  }
  const upcoming = await ctx.db.appointment.count({ where: { resourceId: id, status: "booked", startsAt: { gte: now } } });
  if (upcoming) throw new ApiError("conflict", `This person or room has ${upcoming} upcoming appointment(s): make it inactive instead of deleting it.`, "active");
  if (await ctx.db.appointment.count({ where: { resourceId: id } })) {
    throw new ApiError("conflict", "This person or room keeps past appointments: make it inactive instead of deleting it.", "active");
  }
  await ctx.db.$transaction(async (transaction) => {
    const tx = transaction as unknown as TenantDb;
    await tx.resource.deleteMany({ where: { id } });
    if (resource.isDefault) {
      const next = await tx.resource.findFirst({ select: { id: true }, orderBy: [{ position: "asc" }, { id: "asc" }] });
      if (next) await tx.resource.updateMany({ where: { id: next.id }, data: { isDefault: true } });
    }
    await auditMemberChange(ctx, "resource.deleted", `resource:${id}`, { kind: resource.kind }, tx);
  });
}

/** The display order: `ids` must name every resource of the workspace exactly once. */
export async function reorderResources(ctx: Ctx, ids: string[]): Promise<void> {
  const current = await ctx.db.resource.findMany({ select: { id: true } });
  const same = ids.length === current.length && new Set(ids).size === ids.length && current.every((r) => ids.includes(r.id));
  if (!same) throw new ApiError("bad_request", "ids: Send every person and room of the workspace exactly once", "ids");
  await ctx.db.$transaction(async (transaction) => {
    const tx = transaction as unknown as TenantDb;
    for (const [position, id] of ids.entries()) await tx.resource.updateMany({ where: { id }, data: { position } });
    await auditMemberChange(ctx, "resource.reordered", "resources", { count: ids.length }, tx);
  });
}
