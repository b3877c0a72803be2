import type { NextResponse } from "next/server";
import { encodeSessionToken, sessionCookieName, sessionCookieOptions, type SessionClaims } from "./session-token";

/** Sets this host's session cookie (host-only: no Domain attribute). */
export async function setSessionCookie(response: NextResponse, claims: SessionClaims): Promise<void> {
  response.cookies.set(sessionCookieName(), await encodeSessionToken(claims), sessionCookieOptions());
}

export function clearSessionCookie(response: NextResponse): void {
  response.cookies.set(sessionCookieName(), "", { ...sessionCookieOptions(0), maxAge: 0 });
}
