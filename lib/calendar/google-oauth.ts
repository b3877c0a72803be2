import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { TenantUserContext } from "@/lib/auth";
import { allowedInStatus, can } from "@/lib/auth/permissions";
import { loadSessionState } from "@/lib/auth/identity-store";
import { ApiError } from "@/lib/http";
import { describeError, logger } from "@/lib/observability";
import { currentKeyring } from "@/lib/secrets";
import { requireTenantId, runAsTenant } from "@/lib/tenancy";
import { apexOrigin, tenantOrigin } from "@/lib/tenancy/tenant-host";
import { calendarSql } from "./calendar-sql";
import { requireResource, storeConnection } from "./connections";
import type { GoogleConnectOutcome } from "./google-oauth-outcome";
import { pkceFor, signOAuthState, verifyOAuthState, type OAuthState } from "./google-oauth-state";

/*
 * Connecting a resource's Google Calendar with the owner's own Google account.
 *
 *   tenant host: POST start ──▶ Google's consent ──▶ apex: GET callback ──302──▶ tenant host /keys?calendar=…
 *
 * Google only calls registered redirect URIs, so there is one, on the apex;
 * the callback learns the tenant from the signed state alone, consumes its
 * row (single use), re-checks that the member who started still may manage
 * keys there, from the same sign-in, then exchanges the code (PKCE) for a
 * refresh token, sealed like every calendar credential. Every outcome lands
 * on the tenant's page as a code the page translates; nothing secret is
 * logged or sent back.
 */

const SCOPE = "https://www.googleapis.com/auth/calendar";
export const GOOGLE_OAUTH_CALLBACK_PATH = "/api/calendar/google/oauth/callback";
const RETURN_PATH = "/keys";

const envSchema = z.object({
  GOOGLE_OAUTH_CLIENT_ID: z.string().min(1),
  GOOGLE_OAUTH_CLIENT_SECRET: z.string().min(1),
  GOOGLE_OAUTH_AUTH_URL: z.url().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_OAUTH_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
  GOOGLE_OAUTH_REDIRECT_URL: z.url().optional(),
});

type OAuthConfig = z.infer<typeof envSchema>;

/** The Google app, or null when this server has none (then only the service-account form is offered). */
export function googleOAuthConfig(env: NodeJS.ProcessEnv = process.env): OAuthConfig | null {
  const parsed = envSchema.safeParse({ ...env, GOOGLE_OAUTH_AUTH_URL: env.GOOGLE_OAUTH_AUTH_URL || undefined, GOOGLE_OAUTH_TOKEN_URL: env.GOOGLE_OAUTH_TOKEN_URL || undefined, GOOGLE_OAUTH_REDIRECT_URL: env.GOOGLE_OAUTH_REDIRECT_URL || undefined });
  return parsed.success ? parsed.data : null;
}

export const googleOAuthEnabled = (): boolean => googleOAuthConfig() !== null;

function requireConfig(): OAuthConfig {
  const config = googleOAuthConfig();
  if (!config) throw new ApiError("not_found", "Connecting with a Google account is not set up on this server; use a service account.");
  return config;
}

/** The one registered redirect URI: on the apex, whichever tenant host the flow started from. */
const redirectUri = (config: OAuthConfig, headers: Headers) => config.GOOGLE_OAUTH_REDIRECT_URL ?? `${apexOrigin(headers)}${GOOGLE_OAUTH_CALLBACK_PATH}`;

async function oauthClient(config: OAuthConfig, headers: Headers) {
  const { OAuth2Client } = await import("google-auth-library");
  return new OAuth2Client({
    clientId: config.GOOGLE_OAUTH_CLIENT_ID,
    clientSecret: config.GOOGLE_OAUTH_CLIENT_SECRET,
    redirectUri: redirectUri(config, headers),
    endpoints: { oauth2AuthBaseUrl: config.GOOGLE_OAUTH_AUTH_URL, oauth2TokenUrl: config.GOOGLE_OAUTH_TOKEN_URL },
  });
}

export const startGoogleConnectInput = z.object({ resourceId: z.uuid({ message: "resourceId: choose a resource from the list" }) });

/** Step 1, on the tenant host: a single-use state for this member and resource, and Google's consent URL. */
export async function startGoogleConnect(ctx: TenantUserContext, resourceId: string, headers: Headers, now = new Date()): Promise<{ url: string }> {
  const config = requireConfig();
  await requireResource(resourceId);
  const tenantId = requireTenantId("Connecting a Google calendar");
  const ring = currentKeyring();
  const nonce = randomUUID();
  const { token, expiresAt } = signOAuthState({ tenantId, resourceId, userId: ctx.user.userId, sessionId: ctx.user.sessionId, nonce }, ring, now);
  // Abandoned consents go when the next one starts.
  await calendarSql(`DELETE FROM calendar_oauth_states WHERE tenant_id = $1 AND expires_at <= $2`, [tenantId, now]);
  await calendarSql(
    `INSERT INTO calendar_oauth_states (id, tenant_id, resource_id, user_id, session_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [nonce, tenantId, resourceId, ctx.user.userId, ctx.user.sessionId, expiresAt],
  );
  const client = await oauthClient(config, headers);
  const { challenge } = pkceFor(nonce, ring);
  const url = client.generateAuthUrl({
    access_type: "offline",
    // Google returns a refresh token only on a fresh consent.
    prompt: "consent",
    scope: [SCOPE],
    state: token,
    code_challenge: challenge,
    code_challenge_method: "S256" as never,
  });
  return { url };
}

export type { GoogleConnectOutcome } from "./google-oauth-outcome";

export interface CallbackRequest {
  query: URLSearchParams;
  headers: Headers;
  /** The sign-in id of the apex session cookie, when the browser sent one. */
  sessionId: string | null;
  ip: string | null;
  requestId: string | null;
}

const landing = (slug: string, headers: Headers, outcome: GoogleConnectOutcome) => `${tenantOrigin(slug, headers)}${RETURN_PATH}?calendar=${outcome}#calendars-heading`;

/**
 * Step 2, on the apex: the redirect to the tenant page with the outcome, or
 * an ApiError when the state is not ours (no tenant to send anyone back to).
 */
export async function finishGoogleConnect(request: CallbackRequest, now = new Date()): Promise<string> {
  const config = requireConfig();
  const ring = currentKeyring();
  const raw = request.query.get("state") ?? "";
  const verified = verifyOAuthState(raw, ring, now);
  if (verified === "malformed" || verified === "signature") {
    throw new ApiError("bad_request", "state: this Google sign-in did not start here. Start again from the Calendars section.", "state");
  }
  if (verified === "expired") {
    // Expired: the signed claims are still ours, so the tenant is known; its row is dropped on the next start.
    const claims = verifyOAuthState(raw, ring, new Date(0));
    if (typeof claims === "string") throw new ApiError("bad_request", "state: not valid", "state");
    return runAsTenant(claims.tenantId, async () => landing(await tenantSlug(), request.headers, "expired"));
  }
  return runAsTenant(verified.tenantId, async () => landing(await tenantSlug(), request.headers, await complete(verified, request, config, now)));
}

async function tenantSlug(): Promise<string> {
  const [row] = await calendarSql<{ slug: string }>(`SELECT slug FROM tenants WHERE id = $1`, [requireTenantId("Google calendar callback")]);
  if (!row) throw new ApiError("not_found", "Not found.");
  return row.slug;
}

async function complete(state: OAuthState, request: CallbackRequest, config: OAuthConfig, now: Date): Promise<GoogleConnectOutcome> {
  // Single use: whatever follows, this state never opens anything again.
  const [row] = await calendarSql<{ resource_id: string; user_id: string; session_id: string; expires_at: Date }>(
    `DELETE FROM calendar_oauth_states WHERE id = $1 RETURNING resource_id, user_id, session_id, expires_at`,
    [state.nonce],
  );
  if (!row || row.resource_id !== state.resourceId || row.user_id !== state.userId || row.session_id !== state.sessionId) return "invalid";
  if (row.expires_at.getTime() <= now.getTime()) return "expired";
  if (request.query.get("error")) return "denied";
  if (!(await mayConnect(state, request.sessionId))) return "forbidden";
  const code = request.query.get("code");
  if (!code || code.length > 2000) return "failed";

  let refreshToken: string | null | undefined;
  try {
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

/** The member who started may still manage keys in this tenant, from the same sign-in (and this browser's, when it sent one). */
async function mayConnect(state: OAuthState, browserSessionId: string | null): Promise<boolean> {
  if (browserSessionId && browserSessionId !== state.sessionId) return false;
  const session = await loadSessionState(state.sessionId, state.tenantId);
  const m = session?.membership;
  if (!session || !m || session.userId !== state.userId || m.tenantId !== state.tenantId) return false;
  if (m.requiresTwoFactor && !session.twoFactorEnabled) return false;
  return can(m.role, "keys.manage") && allowedInStatus(m.tenantStatus, "keys.manage");
}
