import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/*
 * The signed link to a tenant's data export (GDPR): valid 24 hours, for one
 * export of one tenant and the owner who asked for it. The token carries
 * those four facts and an HMAC under a key derived from the master key, so a
 * link cannot be stretched, moved to another tenant or handed to another member.
 */

export const DOWNLOAD_LINK_TTL_MS = 24 * 60 * 60 * 1000;

const claims = z.object({ e: z.string().uuid(), t: z.string().uuid(), u: z.string().uuid(), x: z.number().int() });
export type DownloadClaims = { exportId: string; tenantId: string; userId: string; expiresAt: Date };

export class DownloadLinkError extends Error {
  readonly code = "forbidden";
  constructor(readonly reason: "malformed" | "signature" | "expired" | "tenant" | "user") {
    super(reason === "expired" ? "This download link has expired; ask for a new export" : "This download link is not valid here");
    this.name = "DownloadLinkError";
  }
}

export function downloadLinkKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "frontdesk data export link v1", 32));
}

const sign = (body: string, key: Buffer) => createHmac("sha256", key).update(body).digest("base64url");

export function signDownloadLink(c: Omit<DownloadClaims, "expiresAt">, key: Buffer, now: Date): { token: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_TTL_MS);
  const body = Buffer.from(JSON.stringify({ e: c.exportId, t: c.tenantId, u: c.userId, x: expiresAt.getTime() })).toString("base64url");
  return { token: `${body}.${sign(body, key)}`, expiresAt };
}

/** The link's claims when it is genuine, unexpired, and presented by its owner in its tenant. */
export function verifyDownloadLink(token: string, key: Buffer, expect: { tenantId: string; userId: string; now: Date }): DownloadClaims {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) throw new DownloadLinkError("malformed");
  const expected = Buffer.from(sign(body, key));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new DownloadLinkError("signature");
  let parsed: z.infer<typeof claims>;
  try {
    parsed = claims.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw new DownloadLinkError("malformed");
  }
  if (expect.now.getTime() >= parsed.x) throw new DownloadLinkError("expired");
  if (parsed.t !== expect.tenantId) throw new DownloadLinkError("tenant");
  if (parsed.u !== expect.userId) throw new DownloadLinkError("user");
  return { exportId: parsed.e, tenantId: parsed.t, userId: parsed.u, expiresAt: new Date(parsed.x) };
}
