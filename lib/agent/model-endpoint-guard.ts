import "server-only";
import { lookup as systemLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";

/*
 * Model mode posts to a base URL the tenant typed in. Unchecked, that is a
 * server-side request forgery: a tenant could point it at our loopback
 * services, the private network or the cloud metadata endpoint
 * (169.254.169.254) and read answers back through the fallback reasons and
 * timings. So before any connection:
 * - the scheme must be https (http is for tests against a local stand-in);
 * - the host is resolved once, and every address it resolves to must be
 *   public: no loopback, RFC 1918, CGNAT, link-local, unique-local,
 *   multicast, reserved or unspecified address, including IPv4 written
 *   inside IPv6;
 * - the request then connects to exactly that vetted address (a fixed
 *   `lookup` on the socket), while TLS still checks the certificate against
 *   the host name. A DNS answer that changes between check and connect
 *   (rebinding) therefore cannot redirect the request.
 * Redirects are never followed: they would carry the key elsewhere.
 * MODEL_ALLOW_PRIVATE_HOSTS=1 lifts the https and address rules (tests, or a
 * self-hosted model on the private network), never the scheme rule.
 */

export type EndpointRefusal = "blocked_scheme" | "insecure_scheme" | "blocked_address" | "unresolvable_host";

export interface VettedEndpoint {
  url: URL;
  /** The address the request will connect to, and only that one. */
  address: string;
  family: 4 | 6;
}

export type LookupAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface VetOptions {
  allowPrivateHosts?: boolean;
  /** For tests; the system resolver otherwise. */
  lookup?: LookupAll;
}

export function privateHostsAllowed(env: Record<string, string | undefined> = process.env): boolean {
  return env.MODEL_ALLOW_PRIVATE_HOSTS === "1";
}

const BLOCKED_IPV4 = [
  ["0.0.0.0", 8], // "this network", incl. the unspecified 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const;

const blocked = new net.BlockList();
for (const [network, prefix] of BLOCKED_IPV4) {
  blocked.addSubnet(network, prefix, "ipv4");
  // IPv4 carried in IPv6. BlockList already matches mapped addresses
  // (::ffff:a.b.c.d) against IPv4 rules; compatible (::a.b.c.d) and NAT64
  // (64:ff9b::a.b.c.d) addresses need the same networks under their prefix.
  blocked.addSubnet(`::${network}`, 96 + prefix, "ipv6");
  blocked.addSubnet(`64:ff9b::${network}`, 96 + prefix, "ipv6");
  // IPv4-translated (::ffff:0:a.b.c.d) and 6to4 (2002:AABB:CCDD::) carry it too.
  blocked.addSubnet(`::ffff:0:${network}`, 96 + prefix, "ipv6");
  const [a, b, c, d] = network.split(".").map(Number) as [number, number, number, number];
  const hex = (x: number, y: number) => ((x << 8) | y).toString(16);
  blocked.addSubnet(`2002:${hex(a, b)}:${hex(c, d)}::`, 16 + prefix, "ipv6");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed inside some networks)
  ["64:ff9b:1::", 48], // local-use NAT64: translates to private IPv4
  ["100::", 64], // discard-only
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** True for addresses on the public internet only. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !blocked.check(address, "ipv4");
  if (family === 6) return !blocked.check(address.split("%")[0]!, "ipv6");
  return false;
}

const resolveAll: LookupAll = (hostname) => systemLookup(hostname, { all: true, verbatim: true });

/** Checks a model base URL and pins the address to connect to; never connects. */
export async function vetModelEndpoint(
  baseUrl: string,
  options: VetOptions = {},
): Promise<{ ok: true; endpoint: VettedEndpoint } | { ok: false; reason: EndpointRefusal }> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { ok: false, reason: "blocked_scheme" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "blocked_scheme" };
  if (url.protocol === "http:" && !options.allowPrivateHosts) return { ok: false, reason: "insecure_scheme" };

  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(host)) {
    addresses = [{ address: host, family: net.isIP(host) }];
  } else {
    try {
      addresses = await (options.lookup ?? resolveAll)(host);
    } catch {
      return { ok: false, reason: "unresolvable_host" };
    }
  }
  const first = addresses[0];
  if (!first) return { ok: false, reason: "unresolvable_host" };
  // One private answer among public ones is refused too: it is how rebinding starts.
  if (!options.allowPrivateHosts && addresses.some((a) => !isPublicAddress(a.address))) {
    return { ok: false, reason: "blocked_address" };
  }
  return { ok: true, endpoint: { url, address: first.address, family: first.family === 6 ? 6 : 4 } };
}

export interface PinnedResponse {
  status: number;
  text: string;
}

export class ResponseTooLargeError extends Error {
  constructor() {
    super("The response is larger than allowed");
    this.name = "ResponseTooLargeError";
  }
}

/**
 * POSTs to `path` under the vetted endpoint, connecting only to its vetted
 * address. Rejects with the signal's reason (TimeoutError/AbortError) when it
 * fires, and never follows redirects.
 */
export function postToVettedEndpoint(
  endpoint: VettedEndpoint,
  path: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  maxBytes = 2_000_000,
): Promise<PinnedResponse> {
  const target = new URL(endpoint.url.href.replace(/\/+$/, "") + path);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(body, "utf8");
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(payload.length) },
        // The vetted address, whatever DNS says by now.
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) {
            (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
              { address: endpoint.address, family: endpoint.family },
            ]);
          } else {
            callback(null, endpoint.address, endpoint.family);
          }
        },
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(new ResponseTooLargeError());
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
        response.on("aborted", () => reject(signal.reason ?? new Error("aborted")));
      },
    );
    request.on("error", (error) => reject(signal.aborted ? (signal.reason ?? error) : error));
    request.end(payload);
  });
}
