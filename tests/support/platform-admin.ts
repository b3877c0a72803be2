import pg from "pg";
import { NextRequest } from "next/server";
import { hashPassword } from "@/lib/auth/password-hash";
import { newTotpSecret, sealTotpSecret, totpCode } from "@/lib/auth/totp";
import { loadKeyring } from "@/lib/secrets/master-keys";

/*
 * Platform admins for route tests. Call after the suite's environment is set
 * (DATABASE_URL, APP_DATABASE_URL, FRONTDESK_MASTER_KEY: e.g. setUpChannelTest),
 * since sessions and the sealed TOTP secret go through the app's own modules.
 */

export const ADMIN_HOST = "admin.localhost:3000";
export const ADMIN_PASSWORD = "a platform admin passphrase";

export interface TestPlatformAdmin {
  userId: string;
  email: string;
  password: string;
  /** Base32 secret of the admin's authenticator; null without two-factor. */
  totpSecret: string | null;
  /** A valid code for `at` (defaults to now). */
  code(at?: Date): string;
}

export async function createPlatformAdmin(adminUrl: string, options: { email?: string; withTotp?: boolean } = {}): Promise<TestPlatformAdmin> {
  const email = options.email ?? `support-${Math.random().toString(36).slice(2, 8)}@frontdesk.test`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (email, name, password_hash, is_platform_admin, updated_at) VALUES ($1, 'Support person', $2, true, now()) RETURNING id`,
      [email, await hashPassword(ADMIN_PASSWORD)],
    );
    const userId = rows[0]!.id;
    let totpSecret: string | null = null;
    if (options.withTotp ?? true) {
      totpSecret = newTotpSecret();
      const sealed = sealTotpSecret(userId, totpSecret, loadKeyring());
      await client.query(
        `UPDATE users SET totp_ciphertext = $2, totp_iv = $3, totp_auth_tag = $4, totp_key_version = $5, totp_enabled_at = now() WHERE id = $1`,
        [userId, Buffer.from(sealed.ciphertext), Buffer.from(sealed.iv), Buffer.from(sealed.authTag), sealed.keyVersion],
      );
    }
    const secret = totpSecret;
    return {
      userId,
      email,
      password: ADMIN_PASSWORD,
      totpSecret,
      code: (at = new Date()) => {
        if (!secret) throw new Error("this admin has no second factor");
        return totpCode(secret, at);
      },
    };
  } finally {
    await client.end();
  }
}

/** `name=value` of a live admin session cookie for `userId` (as if signed in on the admin host). */
export async function adminCookie(userId: string): Promise<string> {
  const { openSession } = await import("@/lib/auth/identity-store");
  const { adminCookieName, encodeAdminToken } = await import("@/lib/auth/admin-session");
  const sid = await openSession({ userId, ttlSeconds: 3600, ip: "203.0.113.7", userAgent: "vitest" });
  return `${adminCookieName()}=${await encodeAdminToken({ sub: userId, sid, tv: 0 })}`;
}

export function adminRequest(path: string, options: { method?: string; body?: unknown; cookie?: string; host?: string; headers?: Record<string, string> } = {}): NextRequest {
  const host = options.host ?? ADMIN_HOST;
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  return new NextRequest(`http://${host}${path}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers: {
      host,
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    body,
  });
}
