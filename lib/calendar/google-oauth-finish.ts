import "server-only";
import { resolveTenantUser } from "@/lib/auth/tenant-user";
import { assertConsoleWritable } from "@/lib/billing/console-guard";
import { tenantDb } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { describeError, logger } from "@/lib/observability";
import { currentKeyring } from "@/lib/secrets";
import { requireTenantId, runAsTenant } from "@/lib/tenancy";
import { classifyHost, tenantOrigin } from "@/lib/tenancy/tenant-host";
import { calendarSql } from "./calendar-sql";
import { storeConnection } from "./connections";
import { GOOGLE_OAUTH_FINISH_PATH, oauthClient, requireConfig, type OAuthConfig } from "./google-oauth";
import type { GoogleConnectOutcome } from "./google-oauth-outcome";
import { pkceFor, verifyOAuthState, type OAuthState } from "./google-oauth-state";

/*
 * The way back from Google's consent, in two hops:
 *  - apex callback: checks the state's signature and expiry only, then hands
 *    the browser to the finish route on the state's own tenant host (from the
 *    signed tenant id, never from the request);
 *  - tenant finish: the browser's tenant session must be the very sign-in
 *    that started (same session id, still allowed keys.manage); only then is
 *    the state consumed and the code exchanged. Anyone else holding the
 *    consent URL (a cookie-less browser, another member) gets "forbidden" and
 *    leaves the state for its owner.
 */

const RETURN_PATH = "/keys";
const ERROR_VALUE = /^[a-z_]{1,64}$/;

const landing = (slug: string, headers: Headers, outcome: GoogleConnectOutcome) => `${tenantOrigin(slug, headers)}${RETURN_PATH}?calendar=${outcome}#calendars-heading`;

/** The state's claims, "expired" (signature good, too late), or a 400 naming the field when it is not ours. */
function checkedState(query: URLSearchParams, now: Date): OAuthState | { expired: OAuthState } {
  const ring = currentKeyring();
  const raw = query.get("state") ?? "";
  const verified = verifyOAuthState(raw, ring, now);
  if (verified === "malformed" || verified === "signature") {
    throw new ApiError("bad_request", "state: this Google sign-in did not start here. Start again from the Calendars section.", "state");
  }
  if (verified !== "expired") return verified;
  // The signed claims are still ours, so the tenant is known; its row is dropped on the next start.
  const claims = verifyOAuthState(raw, ring, new Date(0));
  if (typeof claims === "string") throw new ApiError("bad_request", "state: not valid", "state");
  return { expired: claims };
}

async function tenantSlug(): Promise<string> {
  const [row] = await calendarSql<{ slug: string }>(`SELECT slug FROM tenants WHERE id = $1`, [requireTenantId("Google calendar callback")]);
  if (!row) throw new ApiError("not_found", "Not found.");
  return row.slug;
}

/**
 * Step 2, on the apex: where the browser goes next (the tenant's finish
 * route, or its page when the state expired), or a 400 when the state is not
 * ours. Consumes nothing: the finish route does, for the right browser only.
 */
export async function handBackGoogleConsent(query: URLSearchParams, headers: Headers, now = new Date()): Promise<string> {
  requireConfig();
  const state = checkedState(query, now);
  if ("expired" in state) return runAsTenant(state.expired.tenantId, async () => landing(await tenantSlug(), headers, "expired"));
  return runAsTenant(state.tenantId, async () => {
    const target = new URL(GOOGLE_OAUTH_FINISH_PATH, tenantOrigin(await tenantSlug(), headers));
    target.searchParams.set("state", query.get("state")!);
    const error = query.get("error");
    const code = query.get("code");
    if (error !== null) target.searchParams.set("error", ERROR_VALUE.test(error) ? error : "unknown");
    else if (code !== null && code.length <= 2000) target.searchParams.set("code", code);
    return target.toString();
  });
}

export interface FinishRequest {
  query: URLSearchParams;
  /** The tenant host's request headers (its Host names the tenant). */
  headers: Headers;
  sessionCookie: string | undefined;
  supportCookie: string | undefined;
  ip: string | null;
  requestId: string | null;
}

/** Step 3, on the tenant host: the redirect to the tenant page with the outcome. */
export async function finishGoogleConnect(request: FinishRequest, now = new Date()): Promise<string> {
  const config = requireConfig();
  const host = classifyHost(request.headers.get("host"));
  if (host.kind !== "tenant") throw new ApiError("not_found", "Not found.");
  const back = (outcome: GoogleConnectOutcome) => landing(host.slug, request.headers, outcome);
  const state = checkedState(request.query, now);
  if ("expired" in state) return back("expired");
  const resolved = await resolveTenantUser(request.headers.get("host"), request.sessionCookie, "keys.manage", { support: request.supportCookie, write: true });
  if (resolved.kind !== "ok") return back("forbidden");
  const { user } = resolved;
  // The sign-in that started, on the state's own tenant: nothing else may spend or use the state.
  if (user.support || user.tenantId !== state.tenantId || user.sessionId !== state.sessionId || user.userId !== state.userId) return back("forbidden");
  return runAsTenant(user.tenantId, async () => {
    try {
      await assertConsoleWritable(tenantDb(), "keys.manage", now.getTime());
    } catch {
      return back("forbidden");
    }
    return back(await complete(state, request, config, now));
  });
}

async function complete(state: OAuthState, request: FinishRequest, config: OAuthConfig, now: Date): Promise<GoogleConnectOutcome> {
  // Single use: whatever follows, this state never opens anything again.
  const [row] = await calendarSql<{ resource_id: string; user_id: string; session_id: string; expires_at: Date }>(
    `DELETE FROM calendar_oauth_states WHERE id = $1 RETURNING resource_id, user_id, session_id, expires_at`,
    [state.nonce],
  );
  if (!row || row.resource_id !== state.resourceId || row.user_id !== state.userId || row.session_id !== state.sessionId) return "invalid";
  if (row.expires_at.getTime() <= now.getTime()) return "expired";
  if (request.query.get("error")) return "denied";
  const code = request.query.get("code");
  if (!code || code.length > 2000) return "failed";

  let refreshToken: string | null | undefined;
  try {
    // The same apex redirect URI the consent was asked with (derived from this request's port and scheme, as at start).
    const client = await oauthClient(config, request.headers);
    const { tokens } = await client.getToken({ code, codeVerifier: pkceFor(state.nonce, currentKeyring(), state.keyVersion).verifier });
    refreshToken = tokens.refresh_token;
  } catch (error) {
    // describeError keeps the status and code, never the response body or the code sent.
    logger().warn({ err: describeError(error) }, "Google OAuth code exchange failed");
    return "failed";
  }
  if (!refreshToken) return "no_refresh_token";

  const credentials = { kind: "oauth" as const, refreshToken };
  try {
    const { googleAdapter, listGoogleCalendars } = await import("./google-adapter");
    const calendars = await listGoogleCalendars(googleAdapter("primary", credentials));
    const primary = calendars.find((c) => c.primary);
    const calendarRef = primary?.id ?? "primary";
    await storeConnection(
      state.resourceId,
      { provider: "google", calendarRef, accountLabel: primary?.id ?? "Google account", credentials },
      { action: "calendar.connected", target: `resource:${state.resourceId}`, metadata: { provider: "google", via: "oauth" }, actorUserId: state.userId, ip: request.ip, requestId: request.requestId },
      now,
    );
    return "connected";
  } catch (error) {
    logger().warn({ err: describeError(error) }, "Google calendar could not be connected after consent");
    return "failed";
  }
}
