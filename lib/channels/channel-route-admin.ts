import type { z } from "zod";
import type { TenantUserContext } from "@/lib/auth";
import { memberActor } from "@/lib/auth/member-audit";
import { recordAuditEvent } from "@/lib/audit";
import { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import type { allowedOriginsSchema, claimNumberSchema, createWidgetKeySchema } from "./channel-route-schemas";
import { isExclusionViolation } from "@/lib/booking/postgres-errors";
import { proveNumberOwnership } from "./number-proof";
import { generateWidgetKey } from "./widget-key";
import { assertChannelInPlan, withinPlan } from "@/lib/billing/plan-limits";

/*
 * Channel routes as the console manages them. A number belongs to one tenant
 * on every channel (channel_routes_number_one_tenant), and row-level security
 * hides other tenants' routes, so a number taken elsewhere only shows up as a
 * constraint violation on insert. Claiming one needs proof from the tenant's
 * own provider account when credentials are stored (number-proof.ts). Taken
 * elsewhere or not in that account, the answer is the same: it neither
 * confirms nor denies that the number exists anywhere.
 */

export const NUMBER_UNAVAILABLE_MESSAGE =
  "This number cannot be connected to this workspace. It must be a number of this workspace's own Twilio (WhatsApp) or Vapi (phone) account; if it is yours, contact support.";

export interface NumberRoute {
  id: string;
  channel: "voice" | "whatsapp";
  number: string;
  label: string;
  createdAt: Date;
}

export interface WidgetKeyRoute {
  id: string;
  prefix: string;
  label: string;
  allowedOrigins: string[];
  createdAt: Date;
  revokedAt: Date | null;
}

function audit(ctx: TenantUserContext, action: string, target: string, metadata: Prisma.InputJsonObject = {}) {
  return recordAuditEvent(ctx.db, { action, ...memberActor(ctx), target, metadata });
}

/** Unique (channel, key) or the one-tenant-per-number exclusion constraint. */
function isTakenElsewhere(error: unknown): boolean {
  return (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || isExclusionViolation(error);
}

export async function listChannelRoutes(db: TenantDb): Promise<{ numbers: NumberRoute[]; widgetKeys: WidgetKeyRoute[] }> {
  const rows = await db.channelRoute.findMany({ orderBy: { createdAt: "asc" } });
  return {
    numbers: rows
      .filter((r) => r.channel !== "web")
      .map((r) => ({ id: r.id, channel: r.channel as "voice" | "whatsapp", number: r.key, label: r.label, createdAt: r.createdAt })),
    widgetKeys: rows
      .filter((r) => r.channel === "web")
      .map((r) => ({
        id: r.id,
        prefix: r.keyPrefix ?? "",
        label: r.label,
        allowedOrigins: r.allowedOrigins,
        createdAt: r.createdAt,
        revokedAt: r.revokedAt,
      })),
  };
}

export async function claimNumber(ctx: TenantUserContext, input: z.output<ReturnType<typeof claimNumberSchema>>) {
  const own = await ctx.db.channelRoute.findFirst({ where: { channel: input.channel, key: input.number } });
  if (own) throw new ApiError("conflict", "This number is already connected to this workspace.", "number");
  await assertChannelInPlan(ctx.db, input.channel);
  if ((await proveNumberOwnership(input.channel, input.number)) === "not_listed") {
    throw new ApiError("conflict", NUMBER_UNAVAILABLE_MESSAGE, "number");
  }
  try {
    const row = await withinPlan(ctx.db, "routedNumbers", (tx) =>
      tx.channelRoute.create({ data: { channel: input.channel, key: input.number, label: input.label } }),
    );
    await audit(ctx, "channel.number.claimed", `channel_route:${row.id}`, { channel: input.channel, number: input.number });
    return { id: row.id, channel: input.channel, number: input.number };
  } catch (error) {
    if (isTakenElsewhere(error)) throw new ApiError("conflict", NUMBER_UNAVAILABLE_MESSAGE, "number");
    throw error;
  }
}

export async function releaseNumber(ctx: TenantUserContext, id: string) {
  const row = await ctx.db.channelRoute.findFirst({ where: { id, channel: { in: ["voice", "whatsapp"] } } });
  if (!row) throw new ApiError("not_found", "This number is not connected to this workspace.");
  await ctx.db.channelRoute.deleteMany({ where: { id } });
  await audit(ctx, "channel.number.released", `channel_route:${id}`, { channel: row.channel, number: row.key });
}

/** Creates a widget key; the key itself is in this answer only (the database keeps its hash). */
export async function createWidgetKey(ctx: TenantUserContext, input: z.output<typeof createWidgetKeySchema>) {
  const fresh = generateWidgetKey();
  await assertChannelInPlan(ctx.db, "web");
  const row = await withinPlan(ctx.db, "widgetKeys", (tx) =>
    tx.channelRoute.create({
      data: { channel: "web", key: fresh.hash, keyPrefix: fresh.prefix, label: input.label, allowedOrigins: input.allowedOrigins },
    }),
  );
  await audit(ctx, "channel.widget_key.created", `channel_route:${row.id}`, { prefix: fresh.prefix, allowedOrigins: input.allowedOrigins });
  return { id: row.id, key: fresh.key, prefix: fresh.prefix };
}

async function activeWidgetKey(db: TenantDb, id: string) {
  const row = await db.channelRoute.findFirst({ where: { id, channel: "web" } });
  if (!row) throw new ApiError("not_found", "This widget key does not exist.");
  if (row.revokedAt) throw new ApiError("conflict", "This widget key is already revoked.");
  return row;
}

export async function revokeWidgetKey(ctx: TenantUserContext, id: string) {
  const row = await activeWidgetKey(ctx.db, id);
  await ctx.db.channelRoute.updateMany({ where: { id }, data: { active: false, revokedAt: new Date() } });
  await audit(ctx, "channel.widget_key.revoked", `channel_route:${id}`, { prefix: row.keyPrefix ?? "" });
}

export async function setAllowedOrigins(ctx: TenantUserContext, id: string, input: z.output<typeof allowedOriginsSchema>) {
  const row = await activeWidgetKey(ctx.db, id);
  await ctx.db.channelRoute.updateMany({ where: { id }, data: { allowedOrigins: input.allowedOrigins } });
  await audit(ctx, "channel.widget_key.origins_updated", `channel_route:${id}`, { prefix: row.keyPrefix ?? "", allowedOrigins: input.allowedOrigins });
  return { allowedOrigins: input.allowedOrigins };
}
