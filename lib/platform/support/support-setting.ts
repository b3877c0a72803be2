import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit";
import { memberAuditEntry } from "@/lib/auth/member-audit";
import type { TenantUserContext } from "@/lib/auth/with-tenant-user";
import type { TenantDb } from "@/lib/db";

/*
 * The owner's "allow support to make changes" (Settings). Support mode reads
 * it on every request, so turning it off stops changes at once, even in a
 * session already open. The route names security.manage: owners only, and
 * never support itself.
 */

export const supportSettingSchema = z.object({ allowed: z.boolean({ message: "true or false" }) });

export async function loadSupportWritesAllowed(db: TenantDb): Promise<boolean> {
  const row = await db.tenant.findFirst({ select: { supportWritesAllowed: true } });
  return row?.supportWritesAllowed === true;
}

export async function setSupportWritesAllowed(ctx: TenantUserContext, input: z.infer<typeof supportSettingSchema>) {
  await ctx.db.$transaction(async (tx) => {
    await tx.tenant.update({ where: { id: ctx.user.tenantId }, data: { supportWritesAllowed: input.allowed } });
    const action = input.allowed ? "support.writes_allowed" : "support.writes_refused";
    await recordAuditEvent(tx as unknown as TenantDb, memberAuditEntry(ctx, action, `tenant:${ctx.user.tenantId}`));
  });
  return { allowed: input.allowed };
}
