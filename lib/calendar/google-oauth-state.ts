import "server-only";
import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Keyring } from "@/lib/secrets";

/*
 * The `state` of a Google consent: which tenant, resource, member and sign-in
 * it is for, a nonce naming its calendar_oauth_states row (single use), the
 * expiry, and an HMAC under a key derived from the master key, so the apex
 * callback can trust the tenant id before it has any tenant context. PKCE's
 * verifier is derived from the nonce under another derived key: never stored,
 * never in a URL.
 */

export const OAUTH_STATE_TTL_MS = 10 * 60_000;

const claims = z.object({ t: z.uuid(), r: z.uuid(), u: z.uuid(), s: z.uuid(), n: z.uuid(), x: z.number().int(), v: z.number().int() });

export interface OAuthState {
  tenantId: string;
  resourceId: string;
  userId: string;
  sessionId: string;
  nonce: string;
  expiresAt: Date;
  /** The master key version it was signed under (PKCE's verifier derives from the same). */
  keyVersion: number;
}

export type OAuthStateRefusal = "malformed" | "signature" | "expired";

function derived(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), `frontdesk calendar oauth ${purpose} v1`, 32));
}

const mac = (body: string, key: Buffer) => createHmac("sha256", key).update(body).digest("base64url");

export function signOAuthState(state: Omit<OAuthState, "expiresAt" | "keyVersion">, ring: Keyring, now: Date): { token: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + OAUTH_STATE_TTL_MS);
  const body = Buffer.from(
    JSON.stringify({ t: state.tenantId, r: state.resourceId, u: state.userId, s: state.sessionId, n: state.nonce, x: expiresAt.getTime(), v: ring.current }),
  ).toString("base64url");
  return { token: `${body}.${mac(body, derived(ring.keys.get(ring.current)!, "state"))}`, expiresAt };
}

/** The state's claims when its signature holds and it has not expired; else why not. */
export function verifyOAuthState(token: string, ring: Keyring, now: Date): OAuthState | OAuthStateRefusal {
  const [body, given, extra] = token.split(".");
  if (!body || !given || extra !== undefined || body.length > 1000) return "malformed";
  let parsed: z.infer<typeof claims>;
  try {
    parsed = claims.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return "malformed";
  }
  const master = ring.keys.get(parsed.v);
  if (!master) return "signature";
  const expected = Buffer.from(mac(body, derived(master, "state")));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return "signature";
  if (now.getTime() >= parsed.x) return "expired";
  return { tenantId: parsed.t, resourceId: parsed.r, userId: parsed.u, sessionId: parsed.s, nonce: parsed.n, expiresAt: new Date(parsed.x), keyVersion: parsed.v };
}

/** PKCE (RFC 7636): the verifier for this nonce, and its S256 challenge. */
export function pkceFor(nonce: string, ring: Keyring, keyVersion = ring.current): { verifier: string; challenge: string } {
  const master = ring.keys.get(keyVersion);
  if (!master) throw new Error("PKCE: unknown master key version");
  const verifier = createHmac("sha256", derived(master, "pkce")).update(nonce).digest("base64url") + "-fd";
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
