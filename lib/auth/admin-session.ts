import "server-only";
import { decode, encode } from "next-auth/jwt";
import type { NextResponse } from "next/server";
import { ApiError, parseHost, parseOrigin, sameHost } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";
import { loadSessionState } from "./identity-store";
import { authSecret, secureCookiesEnabled } from "./session-token";
import type { PlatformUser } from "./tenant-session";

/*
 * The platform console's own session: a host-only cookie on `admin.{apex}`
 * under its own name, sealed with a key derived for this purpose only, so a
 * tenant or apex cookie can never be read as an admin one and an admin cookie
 * decrypts nowhere else. Like tenant sessions it names an auth_sessions row,
 * re-read on every request (sign-out, password change, demotion end it).
 */

export const ADMIN_SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export interface AdminClaims {
  sub: string;
  sid: string;
  tv: number;
}

/** The admin, and whether they have a second factor (without one only its setup is open). */
export interface AdminSession {
  admin: PlatformUser;
  secondFactor: boolean;
}

const adminSecret = () => `${authSecret()}:platform-console-session`;

export function adminCookieName(secure = secureCookiesEnabled()): string {
  // __Host- pins the cookie to this exact host, path / and HTTPS.
  return secure ? "__Host-frontdesk-admin" : "frontdesk-admin";
}

function adminCookieOptions(maxAge: number) {
  // Lax, like the tenant cookies: cross-site POSTs never carry it, and the
  // support-mode Exit (a redirect from a tenant host) lands signed in.
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: secureCookiesEnabled(), maxAge };
}

export async function encodeAdminToken(claims: AdminClaims): Promise<string> {
  return encode({ token: { ...claims, scope: "platform" }, secret: adminSecret(), maxAge: ADMIN_SESSION_MAX_AGE_SECONDS });
}

export async function decodeAdminToken(value: string | undefined | null): Promise<AdminClaims | null> {
  if (!value) return null;
  try {
    const token = (await decode({ token: value, secret: adminSecret() })) as Record<string, unknown> | null;
    if (!token || token.scope !== "platform") return null;
    const { sub, sid, tv } = token;
    if (typeof sub !== "string" || typeof sid !== "string" || typeof tv !== "number") return null;
    return { sub, sid, tv };
  } catch {
    return null;
  }
}

export async function setAdminCookie(response: NextResponse, claims: AdminClaims): Promise<void> {
  response.cookies.set(adminCookieName(), await encodeAdminToken(claims), adminCookieOptions(ADMIN_SESSION_MAX_AGE_SECONDS));
}

export function clearAdminCookie(response: NextResponse): void {
  response.cookies.set(adminCookieName(), "", adminCookieOptions(0));
}

/** The admin behind this cookie on the admin host, re-checked in the database; null anywhere else. */
export async function resolveAdminSession(host: string | null, cookie: string | undefined): Promise<AdminSession | null> {
  if (classifyHost(host).kind !== "admin") return null;
  const claims = await decodeAdminToken(cookie);
  if (!claims) return null;
  const state = await loadSessionState(claims.sid, null);
  if (!state || state.userId !== claims.sub || state.tokenVersion !== claims.tv || !state.isPlatformAdmin) return null;
  return {
    admin: { sessionId: claims.sid, userId: state.userId, name: state.userName, email: state.userEmail },
    secondFactor: state.twoFactorEnabled,
  };
}

/**
 * A browser's Origin on a console write must be the console itself: tenant
 * hosts are the same site, so the lax cookie alone would ride along. No
 * Origin (scripts, curl) is left to the cookie.
 */
export function assertConsoleOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = parseOrigin(request.headers.get("origin"));
  if (origin === null) return;
  const host = parseHost(request.headers.get("host"));
  if (origin.opaque || !host || !sameHost(origin.host, host, origin.scheme)) throw new ApiError("forbidden", "Cross-origin request refused.");
}
