/*
 * How large a request body each part of the app accepts, by path. proxy.ts
 * refuses a larger Content-Length before any handler runs; the body reader
 * counts the bytes as they stream in (a chunked body declares no length) and
 * stops at the same limit. One table, so the two can never disagree.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

const LIMITS: ReadonlyArray<{ prefix: string; maxBytes: number }> = [
  // Provider events: Vapi end-of-call reports carry whole transcripts.
  { prefix: "/api/webhooks/", maxBytes: 1 * MiB },
  // The public chat API: one message of at most 2,000 characters.
  { prefix: "/api/v1/", maxBytes: 64 * KiB },
  // Sign-in, sign-up, invitations, sign-out: a few short fields.
  { prefix: "/api/auth/", maxBytes: 16 * KiB },
  // Console JSON: the largest is a pasted service-account key (20,000 characters).
  { prefix: "/api/", maxBytes: 256 * KiB },
];

/** Pages receive server-action posts; Next's own limit for those is 1 MB. */
const PAGE_LIMIT = 1 * MiB;

/** Nesting beyond this is refused before parsing: no form or provider event comes close. */
export const MAX_BODY_DEPTH = 64;

export function bodyLimitFor(pathname: string): number {
  return LIMITS.find((l) => pathname.startsWith(l.prefix))?.maxBytes ?? PAGE_LIMIT;
}
