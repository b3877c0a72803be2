import { ApiError } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";
import { forgetTenantSlug, resolveTenantIdBySlug } from "@/lib/tenancy/tenant-lookup";
import { resolveSupportPrincipal } from "@/lib/platform/support/support-principal";
import { supportRefusal } from "@/lib/platform/support/support-policy";
import { allowedInStatus, can, type Action } from "./permissions";
import { decodeSessionToken } from "./session-token";
import { checkTenantSession, type TenantUser } from "./tenant-session";

/*
 * Who is calling, for which tenant, allowed to do what: shared by the route
 * handler wrapper, the server action wrapper and tenant pages. The tenant is
 * always the request's own host; a tenant id is never taken from input.
 */

export type TenantUserFailure =
  | { kind: "unauthenticated" }
  | { kind: "not_found" }
  | { kind: "inactive"; user: TenantUser }
  | { kind: "forbidden"; user: TenantUser }
  /** The workspace requires a second factor and this member has none yet: only their own account is open. */
  | { kind: "two_factor_setup"; user: TenantUser }
  /** Frontdesk support: a change while the owner has not allowed changes. */
  | { kind: "support_read_only"; user: TenantUser }
  /** Frontdesk support: an action support never performs (keys, billing, team, the members' accounts). */
  | { kind: "support_not_allowed"; user: TenantUser };

export interface ResolveOptions {
  /** The support cookie (lib/platform/support), which wins over a member session on the same host. */
  support?: string;
  /** The request changes something (any method but GET/HEAD/OPTIONS, every server action). */
  write?: boolean;
}

export type TenantUserResolution = { kind: "ok"; user: TenantUser; stale: boolean } | TenantUserFailure;

export async function resolveTenantUser(
  host: string | null,
  sessionCookie: string | undefined,
  action: Action,
  options: ResolveOptions = {},
): Promise<TenantUserResolution> {
  const kind = classifyHost(host);
  if (kind.kind !== "tenant") return { kind: "not_found" };
  let tenantId = await resolveTenantIdBySlug(kind.slug);
  if (!tenantId) return { kind: "not_found" };
  if (options.support) {
    const support = await resolveSupportPrincipal(options.support, tenantId);
    // A dead support cookie (exited, expired, another tenant's) grants nothing; a member session may still.
    if (support) return resolveSupport(support, action, options.write === true);
  }
  const claims = await decodeSessionToken(sessionCookie);
  let check = await checkTenantSession(claims, tenantId);
  if (!check.ok && check.reason === "not_member") {
    // The cached id may belong to a tenant deleted since (on another
    // instance), its slug now taken by a new one: look again before saying 404.
    forgetTenantSlug(kind.slug);
    const fresh = await resolveTenantIdBySlug(kind.slug);
    if (fresh && fresh !== tenantId) {
      tenantId = fresh;
      check = await checkTenantSession(claims, tenantId);
    }
  }
  if (!check.ok) return check.reason === "not_member" ? { kind: "not_found" } : { kind: "unauthenticated" };
  if (!allowedInStatus(check.user.tenantStatus, action)) return { kind: "inactive", user: check.user };
  if (!can(check.user.role, action)) return { kind: "forbidden", user: check.user };
  if (needsTwoFactorSetup(check.user) && action !== "account.security") return { kind: "two_factor_setup", user: check.user };
  return { kind: "ok", user: check.user, stale: check.stale };
}

function resolveSupport(user: TenantUser, action: Action, write: boolean): TenantUserResolution {
  if (!allowedInStatus(user.tenantStatus, action)) return { kind: "inactive", user };
  const refusal = supportRefusal(action, write, user.support?.writesAllowed === true);
  if (refusal) return { kind: refusal, user };
  if (!can(user.role, action)) return { kind: "forbidden", user };
  return { kind: "ok", user, stale: false };
}

export function needsTwoFactorSetup(user: TenantUser): boolean {
  return user.tenantRequiresTwoFactor && !user.twoFactorEnabled;
}

/** The one JSON error for each failure; a non-member learns nothing about the tenant. */
export function apiErrorFor(failure: TenantUserFailure, action: Action): ApiError {
  switch (failure.kind) {
    case "unauthenticated":
      return new ApiError("unauthorized", "Your session has ended. Sign in again.");
    case "not_found":
      return new ApiError("not_found", "Not found.");
    case "inactive":
      return new ApiError(
        "workspace_suspended",
        failure.user.tenantStatus === "cancelled"
          ? "This workspace is cancelled and read-only; only its owner can reach billing."
          : "This workspace is suspended and read-only; only its owner can reach billing.",
      );
    case "forbidden":
      return new ApiError("forbidden", `Your role (${failure.user.role}) does not allow ${action}.`);
    case "two_factor_setup":
      return new ApiError("forbidden", "This workspace requires two-factor authentication: turn it on from your account page first.");
    case "support_read_only":
      return new ApiError("support_read_only", "Support mode is read-only: the owner has not allowed Frontdesk support to make changes.");
    case "support_not_allowed":
      return new ApiError("support_not_allowed", `Frontdesk support never performs ${action}, even when the owner allows changes.`);
  }
}
