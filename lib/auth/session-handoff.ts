import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { sameOriginPath } from "@/lib/http/same-origin-path";
import { tenantOrigin } from "@/lib/tenancy/tenant-host";
import { consumeHandoff, createHandoff, loadSessionState } from "./identity-store";
import type { SessionClaims } from "./session-token";

/*
 * Why a hand-off: session cookies are host-only. A cookie for the root domain
 * (`Domain=localhost`) is refused by Chromium for `*.localhost` (it treats
 * the single label like a public suffix), and in production a shared cookie
 * would be sent to every tenant's subdomain — and could never cover a
 * tenant's own custom domain. So each host gets its own cookie, and moving
 * a session to a tenant host goes through a ticket:
 *
 *   apex (or tenant A) ──302──▶ {slug}.root/api/auth/handoff?ticket=…  ──302──▶ /dashboard
 *                               (sets that host's cookie)
 *
 * The ticket is 32 random bytes, stored only as its sha256, valid 60 s, for
 * one tenant host, redeemable once, and only for a user who is a member of
 * that tenant. All host cookies name the same auth_sessions row, so one
 * sign-out ends the session everywhere.
 */

export const HANDOFF_TTL_SECONDS = 60;
export const HANDOFF_PATH = "/api/auth/handoff";

const hashTicket = (ticket: string) => createHash("sha256").update(ticket).digest("hex");

/** Only a path on the host it is used on (parsed as a URL); anything else lands on the dashboard. */
export function safeNextPath(next: string | null | undefined): string {
  return sameOriginPath(next, "/dashboard");
}

/** The URL that carries the session to the tenant's host, or null if the user may not go there. */
export async function handoffUrl(input: {
  sessionId: string;
  tenantId: string;
  slug: string;
  nextPath?: string | null;
  headers: Headers;
}): Promise<string | null> {
  const ticket = randomBytes(32).toString("base64url");
  const ok = await createHandoff({
    sessionId: input.sessionId,
    tenantId: input.tenantId,
    tokenHash: hashTicket(ticket),
    nextPath: safeNextPath(input.nextPath),
    ttlSeconds: HANDOFF_TTL_SECONDS,
  });
  if (!ok) return null;
  return `${tenantOrigin(input.slug, input.headers)}${HANDOFF_PATH}?ticket=${encodeURIComponent(ticket)}`;
}

/** Redeems a ticket on the tenant host; returns the claims for that host's cookie. */
export async function redeemHandoff(
  ticket: string,
  tenantId: string,
): Promise<{ claims: SessionClaims; nextPath: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(ticket)) return null;
  const redeemed = await consumeHandoff(hashTicket(ticket), tenantId);
  if (!redeemed) return null;
  const state = await loadSessionState(redeemed.sessionId, tenantId);
  if (!state?.membership) return null;
  return {
    nextPath: safeNextPath(redeemed.nextPath),
    claims: {
      sub: state.userId,
      sid: redeemed.sessionId,
      tid: tenantId,
      role: state.membership.role,
      pa: state.isPlatformAdmin,
      tv: state.tokenVersion,
      mv: state.membership.version,
      name: state.userName,
      email: state.userEmail,
    },
  };
}
