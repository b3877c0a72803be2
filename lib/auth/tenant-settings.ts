import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit";
import type { TenantUserContext } from "./with-tenant-user";

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
  await recordAuditEvent(ctx.db, {
    action: "settings.updated",
    actorUserId: ctx.user.userId,
    target: `tenant:${ctx.user.tenantId}`,
    metadata: { fields: "businessName" },
    ip: ctx.request.ip,
    requestId: ctx.request.requestId,
  });
  return { businessName: input.businessName };
}
