import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { publicUrl } from "@/lib/channels/public-url";
import { isTenantId, runAsTenant } from "@/lib/tenancy";
import { calendarSql } from "./calendar-sql";
import { findPushRoutes } from "./push-lookup";
import { reconcileExternalEdits } from "./reconcile";

/*
 * Google push notifications (events.watch). Google calls with the channel id
 * and the token we chose; the channel is routed to its tenant by a SECURITY
 * DEFINER function and the token compared with its stored hash in constant
 * time. A notification only says "something changed": it marks every cached
 * busy answer of the connection stale and reconciles our events at once.
 */

/** Google only calls https addresses; GOOGLE_PUSH_URL overrides (a tunnel, or tests). */
export function googlePushAddress(): string | null {
  if (process.env.GOOGLE_PUSH_URL) return process.env.GOOGLE_PUSH_URL;
  const base = publicUrl();
  return base.startsWith("https://") ? `${base}/api/calendar/google/push` : null;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest();

export type PushOutcome = "accepted" | "unknown_channel" | "bad_token";

export async function receiveGooglePush(headers: Headers, now: Date = new Date()): Promise<PushOutcome> {
  const channelId = headers.get("x-goog-channel-id");
  const token = headers.get("x-goog-channel-token");
  if (!channelId || !token || channelId.length > 200 || token.length > 256) return "unknown_channel";
  const rows = await findPushRoutes(channelId);
  if (rows.length === 0) return "unknown_channel";
  // Channel ids are only unique per tenant: the token says which connection is meant.
  const route = rows.find((r) => r.token_hash && isTenantId(r.tenant_id) && timingSafeEqual(sha256(token), Buffer.from(r.token_hash, "hex")));
  if (!route) return "bad_token";
  await runAsTenant(route.tenant_id, async () => {
    await calendarSql(`UPDATE calendar_connections SET changed_at = $2, updated_at = now() WHERE id = $1`, [route.connection_id, now]);
    // "sync" is the handshake sent when the channel opens: nothing changed yet.
    if (headers.get("x-goog-resource-state") !== "sync") await reconcileExternalEdits(now, route.connection_id).catch(() => undefined);
  });
  return "accepted";
}
