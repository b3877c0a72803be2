import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { withPlatformAdmin } from "@/lib/auth/with-platform-admin";
import { platformAccess } from "@/lib/db";
import { ApiError, readJsonBody } from "@/lib/http";
import { apexOrigin, tenantOrigin } from "@/lib/tenancy/tenant-host";
import { createActionLookup } from "./action-lookup";
import { prepareProvision, prepareTenantAction, type PrepareOptions, type PreparedAction } from "./perform-action";

/*
 * The two HTTP entries of the actions: POST /api/admin/tenants (provision)
 * and POST /api/admin/tenants/<id>/actions/<action>. The purpose callback
 * prepares the action from the JSON body, so a refusal is a 4xx with nothing
 * written; the prepared work is handed to the handler through the request.
 */

const prepared = new WeakMap<NextRequest, PreparedAction>();

/** The body the wrapper already read and vetted (lib/http/request-body.ts); a missing one is an empty object. */
async function jsonBody(request: NextRequest): Promise<unknown> {
  if (!request.headers.get("content-type") && request.headers.get("content-length") === null) return {};
  return readJsonBody(request);
}

function options(request: NextRequest): PrepareOptions {
  return {
    now: new Date(),
    lookup: createActionLookup(platformAccess().pool),
    links: { apexOrigin: apexOrigin(request.headers), tenantOrigin: (slug) => tenantOrigin(slug, request.headers) },
  };
}

function handOver(request: NextRequest, action: PreparedAction) {
  prepared.set(request, action);
  return action.purpose;
}

async function run(request: NextRequest, ctx: { admin: { userId: string }; db: Parameters<PreparedAction["execute"]>[0]; request: { ip: string | null; requestId: string | null } }, status: number) {
  const action = prepared.get(request);
  if (!action) throw new ApiError("internal_error", "The action was not prepared.");
  const result = await action.execute(ctx.db, { userId: ctx.admin.userId, ip: ctx.request.ip, requestId: ctx.request.requestId });
  return NextResponse.json(result, { status });
}

export function provisionRoute() {
  return withPlatformAdmin(
    { purpose: async (request) => handOver(request, await prepareProvision(await jsonBody(request), options(request))) },
    (request, ctx) => run(request, ctx, 201),
  );
}

export function tenantActionRoute() {
  return withPlatformAdmin<{ id: string; action: string }>(
    {
      purpose: async (request, params) =>
        handOver(request, await prepareTenantAction(String(params.id ?? ""), String(params.action ?? ""), await jsonBody(request), options(request))),
    },
    (request, ctx) => run(request, ctx, 200),
  );
}
