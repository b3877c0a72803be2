import { NextResponse } from "next/server";
import { z } from "zod";
import { withTenantUser } from "@/lib/auth";
import { listSessionMemberships } from "@/lib/auth/identity-store";
import { auditInTenant } from "@/lib/auth/request-info";
import { handoffUrl } from "@/lib/auth/session-handoff";
import { ApiError, readFormOrJsonBody } from "@/lib/http";

const switchSchema = z.object({ slug: z.string({ message: "Choose a workspace" }).min(1, "Choose a workspace").max(63) });

async function readSlug(request: Request): Promise<string> {
  return switchSchema.parse(await readFormOrJsonBody(request)).slug;
}

/** Tenant host: moves the session to another of the user's tenants (form POST → 303 to that host). */
export const POST = withTenantUser({ action: "dashboard.view" }, async (request, { user, request: info }) => {
  const slug = await readSlug(request);
  const target = (await listSessionMemberships(user.sessionId)).find((m) => m.slug === slug);
  if (!target) throw new ApiError("not_found", "slug: No such workspace.", "slug");
  const url = await handoffUrl({ sessionId: user.sessionId, tenantId: target.tenantId, slug, nextPath: "/dashboard", headers: request.headers });
  if (!url) throw new ApiError("not_found", "slug: No such workspace.", "slug");
  await auditInTenant(target.tenantId, {
    action: "tenant.switched",
    actorUserId: user.userId,
    target: `tenant:${target.tenantId}`,
    metadata: { from: user.tenantSlug },
    ip: info.ip,
    requestId: info.requestId,
  });
  return NextResponse.redirect(url, 303);
});
