import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/http";
import type { PlatformDb } from "@/lib/db";
import { assignNumber, e164Schema, moveNumber, numberChannelSchema, releaseNumber } from "@/lib/platform/numbers";
import { isTenantId } from "@/lib/tenancy";
import { defineTenantAction, reasonSchema } from "./action-types";
import type { ActionLookup } from "./action-lookup";

/*
 * The number inventory as actions on the tenant a number goes to (assign)
 * or comes from (move, release). The move also tells the receiving tenant
 * in its own Activity: a number appearing there unexplained would alarm its
 * owner as much as one disappearing.
 */

const destinationSchema = z
  .string({ message: "Give the receiving workspace's address or id" })
  .trim()
  .toLowerCase()
  .min(1, "Give the receiving workspace's address or id")
  .max(63, "Not a workspace address or id");

async function destinationId(lookup: ActionLookup, to: string): Promise<string | null> {
  if (isTenantId(to)) return (await lookup.tenant(to))?.id ?? null;
  return lookup.tenantIdBySlug(to);
}

async function destinationRow(db: PlatformDb, to: string) {
  const row = await db.tenant.findFirst({ where: isTenantId(to) ? { id: to } : { slug: to }, select: { id: true, slug: true } });
  if (!row) throw new ApiError("not_found", "to: No workspace with this address or id.", "to");
  return row;
}

export const assignNumberAction = defineTenantAction({
  name: "assign-number",
  audit: "channel.number.support_assigned",
  input: z.object({
    channel: numberChannelSchema,
    number: e164Schema,
    label: z.string().trim().max(60, "The label must be at most 60 characters").default(""),
    reason: reasonSchema,
  }),
  async check(input, tenant, _now, lookup) {
    const owner = await lookup.numberOwner(input.number);
    if (owner && owner !== tenant.id) throw new ApiError("conflict", "number: This number routes to another workspace; move it from there instead.", "number");
  },
  describe: (input) => ({ metadata: { channel: input.channel, number: input.number } }),
  async run({ db, tenant, input }) {
    const row = await assignNumber(db, tenant.id, input);
    return { routeId: row.id, channel: input.channel, number: input.number };
  },
});

export const moveNumberAction = defineTenantAction({
  name: "move-number",
  audit: "channel.number.support_moved",
  input: z.object({ number: e164Schema, to: destinationSchema, reason: reasonSchema }),
  async check(input, tenant, _now, lookup) {
    if ((await lookup.numberOwner(input.number)) !== tenant.id) {
      throw new ApiError("not_found", "number: This number does not route to this workspace.", "number");
    }
    const to = await destinationId(lookup, input.to);
    if (!to) throw new ApiError("not_found", "to: No workspace with this address or id.", "to");
    if (to === tenant.id) throw new ApiError("bad_request", "to: The number already routes to this workspace.", "to");
  },
  describe: (input) => ({ metadata: { number: input.number, to: input.to } }),
  async run({ db, tenant, input }) {
    const to = await destinationRow(db, input.to);
    // One Activity row, in the tenant acted on; the platform row names the destination.
    const { channels } = await moveNumber(db, tenant.id, to.id, input.number);
    return { number: input.number, channels, to: to.slug };
  },
});

export const releaseNumberAction = defineTenantAction({
  name: "release-number",
  audit: "channel.number.support_released",
  input: z.object({ channel: numberChannelSchema, number: e164Schema, reason: reasonSchema }),
  async check(input, tenant, _now, lookup) {
    if ((await lookup.numberOwner(input.number)) !== tenant.id) {
      throw new ApiError("not_found", "number: This number does not route to this workspace.", "number");
    }
  },
  describe: (input) => ({ metadata: { channel: input.channel, number: input.number } }),
  async run({ db, tenant, input }) {
    await releaseNumber(db, tenant.id, input);
    return { channel: input.channel, number: input.number };
  },
});
