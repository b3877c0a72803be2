import "server-only";
import { createHash, randomBytes } from "node:crypto";

/*
 * Web-widget keys are bearer credentials embedded in customers' pages. Only a
 * SHA-256 of the key is stored (as the channel route key), so a database leak
 * does not hand out working keys; the prefix lets owners tell keys apart.
 */

const KEY_PREFIX = "fdw_";
const PREFIX_LENGTH = 12;

export interface NewWidgetKey {
  key: string;
  hash: string;
  prefix: string;
}

export function hashWidgetKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function widgetKeyPrefix(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}

export function generateWidgetKey(): NewWidgetKey {
  const key = KEY_PREFIX + randomBytes(24).toString("base64url");
  return { key, hash: hashWidgetKey(key), prefix: widgetKeyPrefix(key) };
}

export function looksLikeWidgetKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && value.length >= 20 && value.length <= 100;
}
