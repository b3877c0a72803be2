import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { apexOrigin, classifyHost } from "@/lib/tenancy/tenant-host";
import { listSessionMemberships, type TenantMembershipSummary } from "./identity-store";
import type { Action } from "./permissions";
import { supportCookieName } from "@/lib/platform/support/support-cookie";
import { decodeSessionToken, sessionCookieName } from "./session-token";
import type { TenantUser } from "./tenant-session";
import { resolveTenantUser } from "./tenant-user";
import { adminCookieName, resolveAdminSession } from "./admin-session";

/*
 * Guards for server-rendered pages. Each page calls one of these itself:
 * layouts are not re-run on client-side navigation, so a check only in a
 * layout would not protect the page.
 */

export type PageAccess = { user: TenantUser; allowed: true } | { user: TenantUser; allowed: false; reason: "forbidden" };

const resolveForPage = cache(async (action: Action) => {
  const h = await headers();
  const jar = await cookies();
  const support = jar.get(supportCookieName())?.value;
  return { resolved: await resolveTenantUser(h.get("host"), jar.get(sessionCookieName())?.value, action, { support }), headers: h };
});

/**
 * The signed-in member for a tenant page. No session → back through the apex
 * (which hands the session over or asks to sign in); not a member or unknown
 * tenant → 404; suspended/cancelled tenant → the explanation page; a role
 * without the action → `allowed: false` so the page can say so (403 for APIs).
 */
export async function requireTenantPage(action: Action): Promise<PageAccess> {
  const { resolved, headers: h } = await resolveForPage(action);
  switch (resolved.kind) {
    case "ok":
      return { user: resolved.user, allowed: true };
    case "forbidden":
    case "support_read_only":
    case "support_not_allowed":
      return { user: resolved.user, allowed: false, reason: "forbidden" };
    case "inactive":
      redirect("/suspended");
    case "two_factor_setup":
      redirect("/account?two_factor=required");
    case "not_found":
      notFound();
    case "unauthenticated":
      bounceToApex(h);
  }
}

/** Back through the apex, which hands the session over again or asks to sign in. */
function bounceToApex(h: Headers): never {
  const host = classifyHost(h.get("host"));
  const query = host.kind === "tenant" ? `?to=${encodeURIComponent(host.slug)}` : "";
  redirect(`${apexOrigin(h)}/api/auth/continue${query}`);
}

/** The member on a page that every member may see even when the tenant is inactive (the suspension notice). */
export async function requireTenantMember(): Promise<TenantUser> {
  const { resolved } = await resolveForPage("billing.manage");
  if (resolved.kind === "not_found") notFound();
  if (resolved.kind !== "unauthenticated") return resolved.user;
  bounceToApex(await headers());
}

/** Tenants the current session may switch to. */
export async function sessionMemberships(user: TenantUser): Promise<TenantMembershipSummary[]> {
  // Support is not a member anywhere: there is nothing to switch to.
  if (user.support) return [];
  return listSessionMemberships(user.sessionId);
}

/**
 * The platform admin for a console page on the admin host. Anonymous → the
 * console's sign-in; no second factor yet → its setup; a request carrying a
 * tenant session instead, or on any other host → 404, as for a path that
 * does not exist.
 */
export async function requirePlatformAdminPage(stage: "console" | "setup" = "console") {
  const h = await headers();
  const jar = await cookies();
  const session = await resolveAdminSession(h.get("host"), jar.get(adminCookieName())?.value);
  if (!session) {
    if (classifyHost(h.get("host")).kind !== "admin" || jar.has(sessionCookieName())) notFound();
    redirect("/sign-in");
  }
  if (stage === "console" && !session.secondFactor) redirect("/two-factor");
  return session.admin;
}

/** Whether this browser already holds a live admin session (the sign-in page moves on). */
export async function currentAdminSession() {
  const h = await headers();
  return resolveAdminSession(h.get("host"), (await cookies()).get(adminCookieName())?.value);
}

/** The apex session's claims, if any (decoded only; callers re-check what they rely on). */
export async function apexSessionClaims() {
  return decodeSessionToken((await cookies()).get(sessionCookieName())?.value);
}
