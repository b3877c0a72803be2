import { z } from "zod";
import { ApiError } from "@/lib/http";
import { isValidTenantSlug } from "@/lib/tenancy/tenant-host";
import { forgetTenantSlug } from "@/lib/tenancy/tenant-lookup";
import { emailSchema, newPasswordSchema, personNameSchema } from "./credentials-rules";
import { createTenantWithOwner } from "./identity-store";
import { placeNewTenant } from "@/lib/cells/placement";
import { hashPassword } from "./password-hash";
import { auditInTenant, type RequestInfo } from "./request-info";

import { TRIAL_DAYS, TRIAL_PLAN } from "@/lib/billing/plan-catalogue";

export { TRIAL_DAYS };

export const REGIONS = ["FR", "CH", "BE", "DZ", "CA"] as const;
export const LANGUAGES = ["fr", "en"] as const;

const timezones = new Set(Intl.supportedValuesOf("timeZone"));

export const signUpSchema = z.object({
  businessName: z
    .string({ message: "Enter your business name" })
    .trim()
    .min(2, "Business name must be at least 2 characters")
    .max(120, "Business name must be at most 120 characters"),
  slug: z
    .string({ message: "Choose a web address" })
    .trim()
    .toLowerCase()
    .min(3, "Web address must be at least 3 characters")
    .max(40, "Web address must be at most 40 characters")
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and hyphens, not at the start or end")
    .refine(isValidTenantSlug, "This web address is reserved; choose another one"),
  region: z.enum(REGIONS, { message: "Choose a region: FR, CH, BE, DZ or CA" }),
  timezone: z
    .string({ message: "Choose a time zone" })
    .refine((tz) => timezones.has(tz), "Choose a time zone from the list, like Europe/Paris"),
  language: z.enum(LANGUAGES, { message: "Choose a language: fr or en" }),
  name: personNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});

export type SignUpInput = z.infer<typeof signUpSchema>;

/** Creates the owner's account and a tenant on a Pro trial (auth_sign_up); throws ApiError naming the field on conflict. */
export async function signUp(input: SignUpInput, info: RequestInfo, now = new Date()) {
  const result = await createTenantWithOwner({
    email: input.email,
    userName: input.name,
    passwordHash: await hashPassword(input.password),
    slug: input.slug,
    tenantName: input.businessName,
    region: input.region,
    timezone: input.timezone,
    locale: input.language,
    trialEndsAt: new Date(now.getTime() + TRIAL_DAYS * 24 * 3600 * 1000),
  });
  if (result.outcome !== "ok") {
    throw result.outcome === "email_taken"
      ? new ApiError("conflict", "email: An account with this email already exists. Sign in instead.", "email")
      : new ApiError("conflict", "slug: This web address is taken; choose another one.", "slug");
  }
  forgetTenantSlug(input.slug);
  // Into the region's cell (REGION_CELLS) before anything is written for it in its cell.
  await placeNewTenant(result.tenantId, input.region);
  await auditInTenant(result.tenantId, {
    action: "tenant.created",
    actorUserId: result.userId,
    target: `tenant:${result.tenantId}`,
    metadata: { plan: TRIAL_PLAN, trialDays: TRIAL_DAYS },
    ip: info.ip,
    requestId: info.requestId,
  });
  return { userId: result.userId, tenantId: result.tenantId, slug: input.slug };
}
