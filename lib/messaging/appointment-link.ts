import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { authSecret } from "@/lib/auth/session-token";
import { publicUrl } from "@/lib/channels/public-url";

/*
 * The one-tap link in every client message: the tenant, the appointment and
 * an expiry, signed with HMAC-SHA256 under a key derived from AUTH_SECRET for
 * this purpose only (a session token can never pass for a link, nor the
 * reverse). Holding the link is the client's authority over that one
 * appointment, so it names nothing else and dies when the appointment starts.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const claimsSchema = z.object({
  t: z.string().regex(UUID),
  a: z.string().regex(UUID),
  /** Expiry, seconds since the epoch. */
  e: z.number().int().positive(),
});

export interface AppointmentLinkClaims {
  tenantId: string;
  appointmentId: string;
  expiresAt: Date;
}

export type LinkCheck = { ok: true; claims: AppointmentLinkClaims } | { ok: false; reason: "invalid" | "expired" };

let derived: { secret: string; key: Buffer } | undefined;

function linkKey(): Buffer {
  const secret = authSecret();
  if (derived?.secret !== secret) {
    derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "frontdesk", "appointment-link v1", 32)) };
  }
  return derived.key;
}

const mac = (payload: string) => createHmac("sha256", linkKey()).update(payload).digest("base64url");

export function signAppointmentLink(claims: AppointmentLinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ t: claims.tenantId, a: claims.appointmentId, e: Math.floor(claims.expiresAt.getTime() / 1000) }),
  ).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The claims of an untampered, unexpired token; which of the two it is not, otherwise. */
export function verifyAppointmentLink(token: string, now: Date): LinkCheck {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: "invalid" };
  const [, payload, signature] = match;
  const expected = Buffer.from(mac(payload!));
  const given = Buffer.from(signature!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  let parsed: z.infer<typeof claimsSchema>;
  try {
    parsed = claimsSchema.parse(JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  const claims = { tenantId: parsed.t, appointmentId: parsed.a, expiresAt: new Date(parsed.e * 1000) };
  if (claims.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

/** The public page of a token, on the apex (PUBLIC_URL): the token names the tenant. */
export function appointmentLinkUrl(token: string): string {
  return `${publicUrl()}/a/${token}`;
}
