import { z } from "zod";
import type { TenantUserContext } from "./with-tenant-user";
import { auditMemberChange } from "./member-audit";

/*
 * Placeholder for the settings screen: the business name only, enough to
 * prove the role gate end to end. The full settings (hours, services,
 * persona) arrive with their own issue.
 */

export const settingsSchema = z.object({
  businessName: z
    .string({ message: "Enter the business name" })
    .trim()
    .min(2, "Business name must be at least 2 characters")
    .max(120, "Business name must be at most 120 characters"),
});

export async function updateSettings(ctx: TenantUserContext, input: z.infer<typeof settingsSchema>) {
  await ctx.db.$transaction([
    ctx.db.tenant.update({ where: { id: ctx.user.tenantId }, data: { name: input.businessName } }),
    ctx.db.businessProfile.updateMany({ data: { businessName: input.businessName } }),
  ]);
  await auditMemberChange(ctx, "settings.updated", `tenant:${ctx.user.tenantId}`, { fields: "businessName" });
  return { businessName: input.businessName };
}
