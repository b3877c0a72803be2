import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { TenantUserContext } from "@/lib/auth";
import { ApiError } from "@/lib/http";
import { currentKeyring } from "@/lib/secrets";
import { requireTenantId } from "@/lib/tenancy";
import { apexOrigin } from "@/lib/tenancy/tenant-host";
import { calendarSql } from "./calendar-sql";
import { requireResource } from "./connections";
import { pkceFor, signOAuthState } from "./google-oauth-state";

/*
 * Connecting a resource's Google Calendar with the owner's own Google account.
 *
 *   tenant host: POST start ──▶ Google's consent ──▶ apex: GET callback ──303──▶ tenant host: GET finish ──303──▶ /keys?calendar=…
 *
 * Google only calls registered redirect URIs, so there is one, on the apex;
 * the rest of the flow (google-oauth-finish.ts) runs back on the tenant host,
 * where the browser's own session cookie binds it to the sign-in that started.
 * Every outcome lands on the tenant's page as a code the page translates;
 * nothing secret is logged or sent back.
 */

const SCOPE = "https://www.googleapis.com/auth/calendar";
export const GOOGLE_OAUTH_CALLBACK_PATH = "/api/calendar/google/oauth/callback";
export const GOOGLE_OAUTH_FINISH_PATH = "/api/calendar/google/oauth/finish";

const envSchema = z.object({
  GOOGLE_OAUTH_CLIENT_ID: z.string().min(1),
  GOOGLE_OAUTH_CLIENT_SECRET: z.string().min(1),
  GOOGLE_OAUTH_AUTH_URL: z.url().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_OAUTH_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
  GOOGLE_OAUTH_REDIRECT_URL: z.url().optional(),
});

export type OAuthConfig = z.infer<typeof envSchema>;

/** The Google app, or null when this server has none (then only the service-account form is offered). */
export function googleOAuthConfig(env: NodeJS.ProcessEnv = process.env): OAuthConfig | null {
  const parsed = envSchema.safeParse({ ...env, GOOGLE_OAUTH_AUTH_URL: env.GOOGLE_OAUTH_AUTH_URL || undefined, GOOGLE_OAUTH_TOKEN_URL: env.GOOGLE_OAUTH_TOKEN_URL || undefined, GOOGLE_OAUTH_REDIRECT_URL: env.GOOGLE_OAUTH_REDIRECT_URL || undefined });
  return parsed.success ? parsed.data : null;
}

export const googleOAuthEnabled = (): boolean => googleOAuthConfig() !== null;

export function requireConfig(): OAuthConfig {
  const config = googleOAuthConfig();
  if (!config) throw new ApiError("not_found", "Connecting with a Google account is not set up on this server; use a service account.");
  return config;
}

/** The one registered redirect URI: on the apex, whichever tenant host the flow started from. */
const redirectUri = (config: OAuthConfig, headers: Headers) => config.GOOGLE_OAUTH_REDIRECT_URL ?? `${apexOrigin(headers)}${GOOGLE_OAUTH_CALLBACK_PATH}`;

export async function oauthClient(config: OAuthConfig, headers: Headers) {
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
