import "server-only";
import { decode, encode, type JWT } from "next-auth/jwt";
import type { MemberRole } from "@/lib/db/generated/client";
import { servedOverHttps } from "@/lib/tenancy/tenant-host";

/*
 * The session JWT (next-auth's encrypted JWE format, so next-auth's own
 * routes read the same cookie). Every host — the apex and each tenant
 * subdomain — keeps its own host-only cookie: see session-handoff.ts.
 *
 * Claims beyond next-auth's defaults:
 *   sid  the auth_sessions row; revoking it kills the cookie on every host
 *   tid  the tenant this cookie is for (active tenant on the apex)
 *   role role in tid when issued (display only: requests re-read it)
 *   pa   platform admin
 *   tv   users.token_version when issued: a password change bumps it
 *   mv   memberships.version when issued: a role change or removal bumps it
 */

export interface SessionClaims {
  sub: string;
  sid: string;
  tid: string | null;
  role: MemberRole | null;
  pa: boolean;
  tv: number;
  mv: number | null;
  name?: string | null;
  email?: string | null;
}

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

const DEV_SECRET = "frontdesk-development-secret-never-use-in-production";

export function authSecret(): string {
  const secret = process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET;
  if (secret) return secret;
  if (process.env.NODE_ENV === "production") {
    throw new Error("AUTH_SECRET must be set in production (32+ random bytes, e.g. `openssl rand -base64 32`)");
  }
  return DEV_SECRET;
}

/** Secure cookies (and their __Secure- prefix) whenever the app is served over HTTPS, i.e. in production. */
export function secureCookiesEnabled(): boolean {
  return servedOverHttps();
}

export function sessionCookieName(secure = secureCookiesEnabled()): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

export function sessionCookieOptions(maxAgeSeconds = SESSION_MAX_AGE_SECONDS) {
  // No Domain attribute: host-only, so a tenant subdomain's cookie is never
  // sent to another tenant's subdomain.
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: secureCookiesEnabled(),
    maxAge: maxAgeSeconds,
  };
}

export function claimsFromJwt(token: JWT | null): SessionClaims | null {
  if (!token) return null;
  const { sub, sid, tid, role, pa, tv, mv } = token as Record<string, unknown>;
  if (typeof sub !== "string" || typeof sid !== "string" || typeof tv !== "number") return null;
  return {
    sub,
    sid,
    tid: typeof tid === "string" ? tid : null,
    role: typeof role === "string" ? (role as MemberRole) : null,
    pa: pa === true,
    tv,
    mv: typeof mv === "number" ? mv : null,
    name: typeof token.name === "string" ? token.name : null,
    email: typeof token.email === "string" ? token.email : null,
  };
}

export async function encodeSessionToken(claims: SessionClaims): Promise<string> {
  return encode({ token: { ...claims }, secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}

export async function decodeSessionToken(value: string | undefined | null): Promise<SessionClaims | null> {
  if (!value) return null;
  try {
    return claimsFromJwt(await decode({ token: value, secret: authSecret() }));
  } catch {
    return null;
  }
}
