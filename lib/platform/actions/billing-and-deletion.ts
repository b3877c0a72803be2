import "server-only";
import { z } from "zod";
import { createPortalSession } from "@/lib/billing/checkout";
import { ApiError } from "@/lib/http";
import { forgetTenantSlug } from "@/lib/tenancy/tenant-lookup";
import { cellIsControlPlane, cellOf, cellsConfig, finishTenantDeletion } from "@/lib/cells";
import { cellDirectory } from "@/lib/db/cell-databases";
import { defineTenantAction, reasonSchema } from "./action-types";

/*
 * A billing-portal link for the owner (the owner's own Stripe Customer
 * Portal session, returning to their Billing page), and deleting a tenant
 * the way the owner's deletion does: one DELETE of the tenant row, every
 * tenant-owned row cascading. The platform audit row (tenant_id without a
 * foreign key) is the durable record; the tenant's Activity row goes with it.
 */

export const billingPortalAction = defineTenantAction({
  name: "billing-portal",
  audit: "billing.support_portal_link",
  input: z.object({ reason: reasonSchema }),
  check(_input, tenant) {
    if (!tenant.stripeCustomerId) throw new ApiError("conflict", "This workspace has no billing account yet: the owner subscribes first.");
  },
  describe: (_input, tenant) => ({ target: `tenant:${tenant.id}` }),
  async run({ tenant, request }) {
    return createPortalSession(tenant, request.tenantOrigin(tenant.slug));
  },
});

export const deleteTenantAction = defineTenantAction({
  name: "delete",
  audit: "tenant.support_deleted",
  input: z.object({
    // Compared exactly: no trimming or case folding, as a guard against a slip of the hand.
    confirm: z.string({ message: "Type the workspace's address to confirm" }).max(63, "This is not the workspace's address"),
    reason: reasonSchema,
  }),
  check(input, tenant) {
    if (input.confirm !== tenant.slug) throw new ApiError("bad_request", `confirm: Type ${tenant.slug} exactly to confirm.`, "confirm");
  },
  describe: (_input, tenant) => ({
    target: `tenant:${tenant.id}`,
    metadata: { slug: tenant.slug, name: tenant.name, plan: tenant.plan, status: tenant.status },
  }),
  async run({ db, tenant }) {
    const members = await db.membership.count({ where: { tenantId: tenant.id } });
    // This process's cached entry may predate a move: the decision reads the directory itself.
    cellDirectory().invalidate(tenant.id);
    const cell = await cellOf(tenant.id);
    const separate = cellsConfig().routed && !cellIsControlPlane(cell);
    // In a cell of its own the tenant is marked first, so a crash before the end is finished
    // by a retry or the directory sync (lib/cells/tenant-removal.ts). In one database the row
    // is deleted only while it still names that cell (a move that commits first keeps it).
    const count = separate
      ? await db.$executeRaw`UPDATE tenants SET cell_state = 'deleting' WHERE id = ${tenant.id}::uuid AND slug = ${tenant.slug}`
      : (await db.tenant.deleteMany({ where: { id: tenant.id, slug: tenant.slug, cell } })).count;
    if (count === 0) throw new ApiError("not_found", "This workspace no longer exists.");
    if (separate) await finishTenantDeletion(tenant.id);
    forgetTenantSlug(tenant.slug);
    return { slug: tenant.slug, members };
  },
});
