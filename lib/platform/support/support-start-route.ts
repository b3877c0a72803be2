import "server-only";
import type { NextRequest } from "next/server";
import type { PlatformAdminContext } from "@/lib/auth/with-platform-admin";
import { platformAccess, type PlatformPurpose } from "@/lib/db";
import { createActionLookup } from "@/lib/platform/actions/action-lookup";
import { ApiError, readJsonBody } from "@/lib/http";
import { supportClock } from "./support-clock";
import { emailOwnersSupportStarted } from "./support-notice";
import { supportEnterUrl } from "./support-routes";
import { startSupportSchema, tenantIdSchema } from "./support-schemas";
import { startSupportSession } from "./support-start";

/*
 * POST /api/admin/tenants/{id}/support on the admin host. The purpose parses
 * the body first, so a bad reason is a 400 with nothing written, not even
 * the audit; a valid one is on the platform trail and in the tenant's
 * Activity before the session exists.
 */

function tenantIdOf(params: { id: string }): string {
  const parsed = tenantIdSchema.safeParse(params.id);
  if (!parsed.success) throw new ApiError("not_found", "No such tenant.");
  return parsed.data;
}

export async function supportStartPurpose(request: NextRequest, params: { id: string }): Promise<PlatformPurpose> {
  const tenantId = tenantIdOf(params);
  const input = startSupportSchema.parse(await readJsonBody(request));
  // The tenant's Activity row needs the tenant: an unknown or deleted one is a 404 with nothing written.
  if (!(await createActionLookup(platformAccess().pool).tenant(tenantId))) throw new ApiError("not_found", "No such tenant.");
  return { action: "support.started", tenantId, target: `tenant:${tenantId}`, reason: input.reason, metadata: { minutes: input.minutes }, tenantActivity: true };
}

export async function startSupportMode(request: NextRequest, ctx: PlatformAdminContext, params: { id: string }) {
  const input = startSupportSchema.parse(await readJsonBody(request));
  const started = await startSupportSession(ctx.db, { ...input, tenantId: tenantIdOf(params), adminUserId: ctx.admin.userId, adminSessionId: ctx.admin.sessionId }, supportClock().now());
  await emailOwnersSupportStarted(started);
  return { url: supportEnterUrl(started.tenant.slug, started.ticket, request.headers), expiresAt: started.expiresAt.toISOString(), writesAllowed: started.tenant.supportWritesAllowed };
}
