/*
 * Whose address a request comes from, for rate limits, the login throttle and
 * the audit trail. X-Forwarded-For is a list anyone can start: only the
 * entries appended by proxies we run can be believed, and
 * TRUSTED_PROXY_HOPS says how many there are (default 0: the app faces
 * clients directly).
 *
 * Next does not give route handlers the socket address; it writes it into
 * X-Forwarded-For itself, but only when the request arrived without one. So
 * proxy.ts (which runs first, on every request) rewrites the header:
 *   - hops = 0: removes it, so Next writes the socket address in its place;
 *   - hops = N: keeps only the Nth entry from the right, the address our
 *     outermost proxy saw (or removes it when fewer hops arrived).
 * Handlers then read one address from a header no client could choose.
 */

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*$/i;

/** The address in canonical text, or null when `raw` is not an IP address (a name, garbage, a port). */
export function normalizeIp(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  if (IPV4.test(ip)) return ip;
  if (ip.length <= 45 && IPV6.test(ip) && (ip.match(/::/g)?.length ?? 0) <= 1) return ip.toLowerCase();
  return null;
}

export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TRUSTED_PROXY_HOPS?.trim();
  if (!raw) return 0;
  if (!/^\d{1,2}$/.test(raw)) throw new Error("TRUSTED_PROXY_HOPS must be a whole number of proxies (0 when none)");
  return Number(raw);
}

/**
 * What proxy.ts forwards as X-Forwarded-For: the client address our own
 * proxies vouch for, or null (header removed: Next then writes the socket's).
 */
export function forwardedClientAddress(forwardedFor: string | null, hops: number): string | null {
  if (hops === 0 || !forwardedFor) return null;
  const entries = forwardedFor.split(",").map((s) => s.trim());
  if (entries.length < hops) return null;
  return normalizeIp(entries[entries.length - hops]);
}

/** The client address of a request that went through proxy.ts. */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return normalizeIp(value?.split(",").pop());
}
