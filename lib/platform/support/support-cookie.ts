import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { servedOverHttps } from "@/lib/tenancy/tenant-host";

/*
 * The support principal's cookie on a tenant host. Not a session token: an
 * opaque random value whose sha256 names one support_sessions row, so ending
 * the row (exit, expiry) makes the cookie worthless on the spot. Host-only
 * (`__Host-` when served over https), so no other host ever receives it.
 */

export function supportCookieName(secure = servedOverHttps()): string {
  return `${secure ? "__Host-" : ""}frontdesk-support`;
}

export function supportCookieOptions(maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: servedOverHttps(), maxAge: Math.max(0, Math.floor(maxAgeSeconds)) };
}

/** A fresh random token (tickets and cookies): 32 bytes, base64url. */
export function newSupportToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSupportToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Tokens we minted are exactly 43 base64url characters; anything else is not looked up. */
export function isWellFormedSupportToken(token: string | null | undefined): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
