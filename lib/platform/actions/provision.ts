import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import { tenantDb, type PlatformDb } from "@/lib/db";
import { emailSchema } from "@/lib/auth/credentials-rules";
import { issueInvitation } from "@/lib/auth/invitation-mail";
import { LANGUAGES, REGIONS, signUpSchema } from "@/lib/auth/sign-up";
import { PLAN_CODES, TRIAL_DAYS } from "@/lib/billing/plan-catalogue";
import { ApiError } from "@/lib/http";
import { isCell } from "@/lib/cells/cell-config";
import { placeNewTenant } from "@/lib/cells/placement";
import { runAsTenant } from "@/lib/tenancy";
import { forgetTenantSlug } from "@/lib/tenancy/tenant-lookup";
import { reasonSchema, type ActionAudit, type ActionRequest } from "./action-types";
import type { ActionLookup } from "./action-lookup";
import { SUPPORT_SENDER } from "./member-actions";

/*
 * Provisioning a tenant for a business support onboards: the same fields and
 * rules as sign-up (reserved and malformed addresses refused), the same
 * seeded defaults (tenant_seed_defaults, shared with auth_sign_up), a trial
 * on the chosen plan, and no password anywhere: the owner gets an owner
 * invitation through the Team page's machinery and sets their own. The
 * tenant id is chosen first so the platform audit row, written before the
 * work, already names the tenant it creates.
 */

export const provisionInput = z.object({
  name: signUpSchema.shape.businessName,
  slug: signUpSchema.shape.slug,
  region: z.enum(REGIONS, { message: "Choose a region: FR, CH, BE, DZ or CA" }),
  timezone: signUpSchema.shape.timezone,
  language: z.enum(LANGUAGES, { message: "Choose a language: fr or en" }),
  plan: z.enum(PLAN_CODES, { message: "Choose a plan: starter, pro, business or custom" }),
  ownerEmail: emailSchema,
  reason: reasonSchema,
  // A dedicated cell (a configured cell name); the region's cell when omitted.
  cell: z
    .string()
    .trim()
    .optional()
    .refine((cell) => cell === undefined || cell === "" || isCell(cell), { message: "Choose a configured cell (CELLS)" }),
});
export type ProvisionInput = z.output<typeof provisionInput>;

export interface ProvisionContext {
  input: ProvisionInput;
  tenantId: string;
  db: PlatformDb;
  request: ActionRequest;
  now: Date;
}

const slugTaken = () => new ApiError("conflict", "slug: This web address is taken; choose another one.", "slug");

export const provisionAction = {
  scope: "new_tenant" as const,
  name: "provision",
  audit: "tenant.support_provisioned",
  input: provisionInput,
  newTenantId: (): string => randomUUID(),
  async check(input: ProvisionInput, _now: Date, lookup: ActionLookup): Promise<void> {
    if (await lookup.tenantIdBySlug(input.slug)) throw slugTaken();
  },
  describe: (input: ProvisionInput, tenantId: string): ActionAudit => ({
    target: `tenant:${tenantId}`,
    metadata: { slug: input.slug, name: input.name, region: input.region, plan: input.plan, trialDays: TRIAL_DAYS },
  }),
  async run({ input, tenantId, db, request, now }: ProvisionContext): Promise<Record<string, unknown>> {
    const trialEndsAt = new Date(now.getTime() + TRIAL_DAYS * 24 * 3600 * 1000);
    try {
      // Tenant, defaults and its Activity row together: no tenant without its record.
      await db.$transaction([
        db.tenant.create({
          data: {
            id: tenantId, slug: input.slug, name: input.name, region: input.region, status: "trial", plan: input.plan,
            adminEmail: input.ownerEmail, timezone: input.timezone, locale: input.language, trialEndsAt,
          },
        }),
        db.$executeRaw`SELECT tenant_seed_defaults(${tenantId}::uuid, ${input.name}, ${input.language})`,
        db.auditEvent.create({
          data: {
            tenantId, actorUserId: request.adminUserId, actorKind: "platform_admin", action: provisionAction.audit,
            target: `tenant:${tenantId}`, metadata: { plan: input.plan, trialDays: TRIAL_DAYS }, ip: request.ip, requestId: request.requestId,
          },
        }),
      ]);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw slugTaken();
      throw error;
    }
    forgetTenantSlug(input.slug);
    const cell = await placeNewTenant(tenantId, input.region, input.cell || undefined);
    const invitation = await runAsTenant(tenantId, () =>
      issueInvitation(
        tenantDb(),
        {
          email: input.ownerEmail, role: "owner", invitedById: request.adminUserId, inviterName: SUPPORT_SENDER,
          tenantName: input.name, tenantSlug: input.slug, apexOrigin: request.apexOrigin,
        },
        now,
      ),
    );
    return { tenantId, slug: input.slug, cell, invitationId: invitation.id, trialEndsAt: trialEndsAt.toISOString() };
  },
};
