import { z } from "zod";
import { ApiError } from "@/lib/http";
import { forgetTenantSlug } from "@/lib/tenancy/tenant-lookup";
import { cellIsControlPlane, cellOf, cellsConfig, finishTenantDeletion } from "@/lib/cells";
import { onControlPlane } from "@/lib/db/cell-routing-pool";
import { cellDirectory } from "@/lib/db/cell-databases";
import { reconfirmPassword } from "./password-reconfirm";
import type { TenantUserContext } from "./with-tenant-user";
import { auditMemberChange } from "./member-audit";

/*
 * An owner deletes their workspace and everything in it. Two confirmations,
 * because nothing brings it back: the workspace's address typed out (against
 * a slip of the hand) and the owner's password (against a session left open
 * on someone else's screen), checked against the sign-in throttle
 * (reconfirmPassword).
 *
 * The row deletion itself is the SQL function tenant_delete (migration
 * 20261130000500_tenant_deletion), the only path by which the app role can
 * delete a tenant: it re-checks that the session belongs to an owner of the
 * request's tenant, cascades through every tenant-owned table and writes the
 * platform audit record, in one transaction. A tenant in a cell of its own
 * is checked and marked on the control plane (tenant_delete_begin, where the
 * sessions are), then removed from its cell and the directory
 * (lib/cells/tenant-removal.ts).
 */

export const deleteWorkspaceSchema = z.object({
  slug: z
    .string({ message: "Type the workspace's address to confirm" })
    .trim()
    .toLowerCase()
    .min(1, "Type the workspace's address to confirm")
    .max(63, "This is not the workspace's address"),
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(128, "Enter your password"),
});

export type DeleteWorkspaceInput = z.infer<typeof deleteWorkspaceSchema>;

export interface DeletedWorkspace {
  slug: string;
  members: number;
}

// elsewhere: tenant_delete found the tenant in another cell than this process believed (migration 20261208060000);
// moving: a live move holds the tenant frozen (migration 20261208070000).
type DeletionOutcome = "ok" | "not_owner" | "slug_mismatch" | "elsewhere" | "moving";

function slugMismatch(slug: string): ApiError {
  return new ApiError("bad_request", `slug: Type ${slug} exactly to confirm.`, "slug");
}

async function confirmPassword(ctx: TenantUserContext, password: string): Promise<void> {
  const check = await reconfirmPassword(ctx, password);
  if (check.kind === "ok") return;
  if (check.kind === "no_password") {
    throw new ApiError("bad_request", "password: Your account signs in without a password; set one before deleting the workspace.", "password");
  }
  if (check.kind === "locked") throw locked(check.retryAfterSeconds);
  await auditMemberChange(ctx, "tenant.delete_refused", `tenant:${ctx.user.tenantId}`, { reason: "wrong_password" });
  if (check.lockedForSeconds) throw locked(check.lockedForSeconds);
  throw new ApiError("bad_request", "password: The password is incorrect.", "password");
}

function locked(retryAfterSeconds: number): ApiError {
  return new ApiError("rate_limited", "password: Too many wrong passwords. Try again in a few minutes.", "password", {
    "retry-after": String(retryAfterSeconds),
  });
}

/**
 * Deletes the caller's workspace. Runs in the tenant context set by
 * withTenantUser({ action: "tenant.delete" }); a wrong slug or password is a
 * 400 naming the field and deletes nothing.
 */
export async function deleteWorkspace(ctx: TenantUserContext, input: DeleteWorkspaceInput): Promise<DeletedWorkspace> {
  if (ctx.user.role !== "owner") throw new ApiError("forbidden", "Only an owner can delete the workspace.");
  if (input.slug !== ctx.user.tenantSlug) throw slugMismatch(ctx.user.tenantSlug);
  await confirmPassword(ctx, input.password);

  let result = (await inOwnCell(ctx.user.tenantId)) ? await deleteInOneDatabase(ctx, input.slug) : await deleteAcrossCells(ctx, input.slug);
  if (result?.outcome === "elsewhere") {
    // A cached directory entry older than a move: the rows live in another cell, deleted through the directory.
    cellDirectory().invalidate(ctx.user.tenantId);
    result = await deleteAcrossCells(ctx, input.slug);
  }
  if (result?.outcome === "slug_mismatch") throw slugMismatch(ctx.user.tenantSlug);
  if (result?.outcome === "moving") {
    throw new ApiError("conflict", "The workspace is being moved to another data centre right now. Nothing was deleted; try again in a minute.", undefined, { "retry-after": "60" });
  }
  if (result?.outcome !== "ok") throw new ApiError("forbidden", "Only an owner can delete the workspace.");
  forgetTenantSlug(ctx.user.tenantSlug);
  return { slug: result.deleted_slug ?? ctx.user.tenantSlug, members: result.member_count ?? 0 };
}

type DeletionRow = { outcome: DeletionOutcome; deleted_slug: string | null; member_count: number | null };

/** True when the tenant's rows are in the control plane's database (always, without CELLS). */
async function inOwnCell(tenantId: string): Promise<boolean> {
  return !cellsConfig().routed || cellIsControlPlane(await cellOf(tenantId));
}

async function deleteInOneDatabase(ctx: TenantUserContext, slug: string): Promise<DeletionRow | undefined> {
  const rows = await ctx.db.$queryRaw<DeletionRow[]>`
    SELECT * FROM tenant_delete(${ctx.user.sessionId}::uuid, ${ctx.user.tenantId}::uuid, ${slug},
      ${ctx.request.ip}, ${ctx.request.requestId})`;
  return rows[0];
}

async function deleteAcrossCells(ctx: TenantUserContext, slug: string): Promise<DeletionRow | undefined> {
  const rows = await onControlPlane(
    async () =>
      await ctx.db.$queryRaw<DeletionRow[]>`
        SELECT * FROM tenant_delete_begin(${ctx.user.sessionId}::uuid, ${ctx.user.tenantId}::uuid, ${slug},
          ${ctx.request.ip}, ${ctx.request.requestId})`,
  );
  if (rows[0]?.outcome === "ok") await finishTenantDeletion(ctx.user.tenantId);
  return rows[0];
}
