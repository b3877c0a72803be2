import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "./session-token";

/*
 * After deleting a workspace the browser lands on the apex sign-in page,
 * which says which workspace was deleted. The tenant host cannot set a cookie
 * for the apex, so the notice travels in the URL; it is signed and expires,
 * or anyone could send a link announcing that someone's practice "and all its
 * data" were deleted.
 */

const TTL_SECONDS = 10 * 60;

const mac = (payload: string) => createHmac("sha256", `deletion-notice:${authSecret()}`).update(payload).digest("base64url");

export function signDeletionNotice(slug: string, now = Date.now()): string {
  const payload = `${slug}.${Math.floor(now / 1000) + TTL_SECONDS}`;
  return `${payload}.${mac(payload)}`;
}

/** The deleted workspace's slug, or null for a forged, altered or expired notice. */
export function readDeletionNotice(token: string | undefined, now = Date.now()): string | null {
  const match = token?.match(/^([a-z0-9-]{1,63})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/);
  if (!match) return null;
  const [, slug, expires, signature] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(mac(`${slug}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return Number(expires) * 1000 >= now ? slug : null;
}
