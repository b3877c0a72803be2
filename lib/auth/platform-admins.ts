import "server-only";
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { emailSchema } from "./credentials-rules";

/*
 * Making someone a platform admin, from the command line (`npm run
 * admin:create`) and the dev seed: the owner connection creates the user or
 * promotes an existing one and files a single-use setup ticket (the
 * password-reset table's own kind of row), whose link opens the admin host's
 * setup page: choose a password, then two-factor sign-in, which is required.
 */

export const ADMIN_SETUP_TTL_SECONDS = 24 * 60 * 60;

export interface AdminInvite {
  userId: string;
  email: string;
  created: boolean;
  /** Path on the admin host: /setup/<ticket>. */
  setupPath: string;
}

export async function createPlatformAdmin(ownerUrl: string, input: { email: string; name?: string }): Promise<AdminInvite> {
  const email = emailSchema.parse(input.email);
  const ticket = randomBytes(32).toString("base64url");
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const existing = await client.query<{ id: string }>(`UPDATE users SET is_platform_admin = true, updated_at = now() WHERE email = $1 RETURNING id`, [email]);
    const userId =
      existing.rows[0]?.id ??
      (
        await client.query<{ id: string }>(`INSERT INTO users (email, name, is_platform_admin, updated_at) VALUES ($1, $2, true, now()) RETURNING id`, [
          email,
          input.name?.trim() || email.split("@")[0]!,
        ])
      ).rows[0]!.id;
    await client.query(`DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL`, [userId]);
    await client.query(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
      createHash("sha256").update(ticket).digest("hex"),
      userId,
      ADMIN_SETUP_TTL_SECONDS,
    ]);
    await client.query(
      `INSERT INTO platform_audit_events (actor_user_id, action, target, metadata) VALUES (NULL, $1, $2, $3)`,
      [existing.rows[0] ? "admin.promoted" : "admin.created", `user:${userId}`, JSON.stringify({ via: "cli" })],
    );
    await client.query("COMMIT");
    return { userId, email, created: !existing.rows[0], setupPath: `/setup/${ticket}` };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
