import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import type { PlatformDb } from "@/lib/db";
import { isExclusionViolation } from "@/lib/booking/postgres-errors";
import { toE164 } from "@/lib/channels/phone-number";
import { ApiError } from "@/lib/http";

/*
 * The platform's inventory of voice numbers and WhatsApp senders
 * (channel_routes). A number routes to one tenant at most, on every channel
 * (unique (channel, key) plus the exclusion constraint), so a move takes all
 * of a number's routes in one transaction: DELETE then INSERT, which bumps
 * both tenants' config versions (channel caches drop the old owner) and never
 * leaves a moment where the number routes nowhere or twice.
 */

export const NUMBER_CHANNELS = ["voice", "whatsapp"] as const;
export type NumberChannel = (typeof NUMBER_CHANNELS)[number];

export const e164Schema = z
  .string({ message: "Give the number in international form, like +41 22 555 01 02" })
  .trim()
  .refine((v) => v.startsWith("+") && toE164(v) !== null, "Give the number in international form, like +41 22 555 01 02")
  .transform((v) => toE164(v)!);

export const numberChannelSchema = z.enum(NUMBER_CHANNELS, { message: "Channel must be voice or whatsapp" });

export interface InventoryNumber {
  id: string;
  channel: NumberChannel;
  number: string;
  label: string;
  active: boolean;
  createdAt: Date;
  tenant: { id: string; slug: string; name: string; status: string };
}

export async function listNumberInventory(db: PlatformDb, options: { search?: string; take?: number } = {}): Promise<InventoryNumber[]> {
  const search = options.search?.replace(/[^0-9+]/g, "");
  const rows = await db.channelRoute.findMany({
    where: { channel: { in: [...NUMBER_CHANNELS] }, ...(search ? { key: { contains: search } } : {}) },
    select: {
      id: true, channel: true, key: true, label: true, active: true, createdAt: true,
      tenant: { select: { id: true, slug: true, name: true, status: true } },
    },
    orderBy: [{ key: "asc" }, { channel: "asc" }],
    take: options.take ?? 500,
  });
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel as NumberChannel,
    number: r.key,
    label: r.label,
    active: r.active,
    createdAt: r.createdAt,
    tenant: r.tenant,
  }));
}

const taken = () =>
  new ApiError("conflict", "number: This number already routes to a workspace; move it from there instead.", "number");

function isTaken(error: unknown): boolean {
  return (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || isExclusionViolation(error);
}

export async function assignNumber(
  db: PlatformDb,
  tenantId: string,
  input: { channel: NumberChannel; number: string; label: string },
): Promise<{ id: string }> {
  try {
    const row = await db.channelRoute.create({
      data: { tenantId, channel: input.channel, key: input.number, label: input.label },
      select: { id: true },
    });
    return row;
  } catch (error) {
    if (isTaken(error) || isTaken((error as { cause?: unknown }).cause)) throw taken();
    throw error;
  }
}

/** Every route of `number` from one tenant to another, in one transaction. */
export async function moveNumber(db: PlatformDb, fromTenantId: string, toTenantId: string, number: string): Promise<{ channels: NumberChannel[] }> {
  if (fromTenantId === toTenantId) throw new ApiError("bad_request", "to: The number already routes to this workspace.", "to");
  return db.$transaction(async (tx) => {
    const routes = await tx.$queryRaw<Array<{ channel: NumberChannel; label: string; active: boolean }>>`
      SELECT channel::text AS channel, label, active FROM channel_routes
      WHERE tenant_id = ${fromTenantId}::uuid AND key = ${number} AND channel IN ('voice', 'whatsapp')
      ORDER BY channel FOR UPDATE`;
    if (routes.length === 0) throw new ApiError("not_found", "number: This number does not route to this workspace.", "number");
    await tx.$executeRaw`DELETE FROM channel_routes WHERE tenant_id = ${fromTenantId}::uuid AND key = ${number} AND channel IN ('voice', 'whatsapp')`;
    for (const r of routes) {
      await tx.$executeRaw`INSERT INTO channel_routes (tenant_id, id, channel, key, label, active)
        VALUES (${toTenantId}::uuid, gen_random_uuid(), ${r.channel}::"Channel", ${number}, ${r.label}, ${r.active})`;
    }
    return { channels: routes.map((r) => r.channel) };
  });
}

export async function releaseNumber(db: PlatformDb, tenantId: string, input: { channel: NumberChannel; number: string }): Promise<void> {
  const { count } = await db.channelRoute.deleteMany({ where: { tenantId, channel: input.channel, key: input.number } });
  if (count === 0) throw new ApiError("not_found", "number: This number does not route to this workspace on this channel.", "number");
}
