/*
 * Host and Origin, parsed strictly in one place. Both are client-chosen, and
 * both end up in URLs we build (redirects, hand-off links) and in comparisons
 * (same-origin checks): a value like `localhost:99999` or `a b` must be
 * refused as input (400), never reach `new URL` and throw (500). No imports:
 * proxy.ts, the wrappers and lib/tenancy all read from here.
 */

export interface ParsedHost {
  /** Lower case, no trailing dot; an IPv6 literal keeps its brackets. */
  hostname: string;
  /** Decimal 1–65535 without leading zeros, or null when the header names none. */
  port: string | null;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV6 = /^\[[0-9a-f:.]{2,45}\]$/;

function parsePort(raw: string | undefined): string | null | false {
  if (raw === undefined) return null;
  if (!/^\d{1,5}$/.test(raw)) return false;
  const n = Number(raw);
  return n >= 1 && n <= 65_535 ? String(n) : false;
}

/** `name[:port]`, `1.2.3.4[:port]` or `[v6][:port]`; anything else is null. */
export function parseHost(raw: string | null | undefined): ParsedHost | null {
  if (!raw || raw.length > 260) return null;
  const value = raw.toLowerCase();
  const m = /^(\[[^\]]*\]|[^:[\]]+)(?::([^:]*))?$/.exec(value);
  if (!m) return null;
  const port = parsePort(m[2]);
  if (port === false) return null;
  let hostname = m[1]!;
  if (hostname.startsWith("[")) {
    if (!IPV6.test(hostname) || !hostname.includes(":")) return null;
    return { hostname, port };
  }
  hostname = hostname.replace(/\.$/, "");
  if (!hostname || hostname.length > 253 || !hostname.split(".").every((label) => LABEL.test(label))) return null;
  return { hostname, port };
}

export function formatHost(host: ParsedHost): string {
  return host.port ? `${host.hostname}:${host.port}` : host.hostname;
}

export type ParsedOrigin = { opaque: true } | { opaque: false; scheme: "http" | "https"; host: ParsedHost };

/** An Origin header: `null` (opaque, e.g. a sandboxed frame) or `http(s)://host[:port]` and nothing more. */
export function parseOrigin(raw: string | null | undefined): ParsedOrigin | null {
  if (!raw) return null;
  if (raw === "null") return { opaque: true };
  const m = /^(https?):\/\/([^/?#@\s]+)$/i.exec(raw);
  if (!m) return null;
  const host = parseHost(m[2]);
  return host ? { opaque: false, scheme: m[1]!.toLowerCase() as "http" | "https", host } : null;
}

/** Same host and port, ignoring the default port of the origin's scheme. */
export function sameHost(a: ParsedHost, b: ParsedHost, scheme: "http" | "https"): boolean {
  const defaultPort = scheme === "https" ? "443" : "80";
  return a.hostname === b.hostname && (a.port ?? defaultPort) === (b.port ?? defaultPort);
}
