import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import type { PlatformDb } from "@/lib/db";
import { typedReasonSchema } from "@/lib/platform/typed-reason";
import type { ActionLookup, ActionTenant } from "./action-lookup";

export type { ActionTenant };

/*
 * The shape of one platform console action. Every entry declares its input
 * (with the admin's typed reason), checks it against the tenant before
 * anything is written (`check`, so a refusal leaves no audit row), says what
 * the audit rows carry (`describe`), and does the work in `run`.
 */

export const reasonSchema = typedReasonSchema({
  required: "Give the reason for this action",
  min: "The reason must be at least 5 characters",
  max: "The reason must be at most 500 characters",
});

export interface ActionRequest {
  adminUserId: string;
  ip: string | null;
  requestId: string | null;
  /** Where invitation links point (`http://localhost:3000`). */
  apexOrigin: string;
  /** The tenant's own console origin, for links back to it (Stripe's return URL). */
  tenantOrigin: (slug: string) => string;
}

export interface ActionContext<I> {
  input: I;
  tenant: ActionTenant;
  db: PlatformDb;
  request: ActionRequest;
  now: Date;
}

export interface ActionAudit {
  target?: string;
  /** On the platform trail and in the tenant's Activity row: codes and values, no secrets. */
  metadata?: Prisma.InputJsonObject;
}

export interface TenantActionDefinition<S extends z.ZodType<{ reason: string }> = z.ZodType<{ reason: string }>> {
  /** Acts on an existing tenant (provisioning, the one other scope, creates one). */
  scope: "tenant";
  /** The URL segment: /api/admin/tenants/<id>/actions/<name>. */
  name: string;
  /** The audit action written on both trails (its Activity sentence is in lib/audit). */
  audit: string;
  input: S;
  /** Refusals that depend on the tenant (400/409): thrown before anything is written. */
  check?(input: z.output<S>, tenant: ActionTenant, now: Date, lookup: ActionLookup): void | Promise<void>;
  describe(input: z.output<S>, tenant: ActionTenant): ActionAudit;
  run(ctx: ActionContext<z.output<S>>): Promise<Record<string, unknown>>;
}

/** Keeps each entry's input type attached to its own functions. */
export function defineTenantAction<S extends z.ZodType<{ reason: string }>>(
  definition: Omit<TenantActionDefinition<S>, "scope">,
): TenantActionDefinition {
  return { scope: "tenant", ...definition } as unknown as TenantActionDefinition;
}

export const ACTION_TENANT_SELECT = {
  id: true,
  slug: true,
  name: true,
  status: true,
  plan: true,
  locale: true,
  adminEmail: true,
  trialEndsAt: true,
  pastDueSince: true,
  supportSuspendedAt: true,
  supportResumeStatus: true,
  planOverrideUntil: true,
  stripeCustomerId: true,
} satisfies Prisma.TenantSelect;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A date in the JSON body: an ISO instant with its offset, or a calendar day (midnight UTC). */
export const instantSchema = (message: string) =>
  z
    .string({ message })
    .trim()
    .refine((v) => (DAY.test(v) || INSTANT.test(v)) && !Number.isNaN(Date.parse(v)), message)
    .transform((v) => new Date(DAY.test(v) ? `${v}T00:00:00Z` : v));
