/*
 * Which tenant a request is for, read from its Host header.
 *
 * ROOT_DOMAIN (default `localhost:3000`) names the apex; `{slug}.{apex}` is a
 * tenant. Only host NAMES are compared, never ports, so the same build serves
 * `cabinet-dupont.localhost:3000` in dev and `…localhost:3100` under the
 * end-to-end suite; links to another host reuse the port and scheme of the
 * request being answered.
 */

export type HostKind =
  | { kind: "apex" }
  | { kind: "tenant"; slug: string }
  /** Deeper subdomains, reserved names, malformed slugs: nothing lives there. */
  | { kind: "invalid" };

const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Names that can never be tenants, so they are free for our own hosts. */
export const RESERVED_SLUGS = new Set([
  "www",
  "app",
  "api",
  "admin",
  "auth",
  "mail",
  "smtp",
  "static",
  "assets",
  "cdn",
  "status",
  "docs",
  "help",
  "support",
  "billing",
  "dashboard",
  "login",
  "signin",
  "sign-in",
  "signup",
  "sign-up",
]);

export function rootDomain(env: NodeJS.ProcessEnv = process.env): string {
  return (env.ROOT_DOMAIN || "localhost:3000").toLowerCase();
}

function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  // [v6]:port, name:port, name
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0]!.replace(/\.$/, "");
}

export function classifyHost(host: string | null | undefined, root = rootDomain()): HostKind {
  if (!host) return { kind: "apex" };
  const name = hostnameOf(host);
  const apex = hostnameOf(root);
  if (name === apex) return { kind: "apex" };
  if (!name.endsWith(`.${apex}`)) {
    // Loopback IPs and other names (health checks, previews) see the apex;
    // tenants are only ever reached through their subdomain.
    return { kind: "apex" };
  }
  const label = name.slice(0, -(apex.length + 1));
  if (!SLUG.test(label) || RESERVED_SLUGS.has(label)) return { kind: "invalid" };
  return { kind: "tenant", slug: label };
}

export function isValidTenantSlug(slug: string): boolean {
  return SLUG.test(slug) && !RESERVED_SLUGS.has(slug);
}

/**
 * Production is served over HTTPS, except a production build that PUBLIC_URL
 * explicitly places on plain http on this machine (the end-to-end server):
 * loopback traffic cannot be sniffed, and a browser drops Secure cookies
 * that an http page sets on a *.localhost subdomain.
 */
export function servedOverHttps(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NODE_ENV !== "production") return false;
  try {
    const url = new URL(env.PUBLIC_URL ?? "");
    const name = url.hostname;
    return !(url.protocol === "http:" && (name === "localhost" || name.endsWith(".localhost") || name === "127.0.0.1" || name === "[::1]"));
  } catch {
    return true;
  }
}

/** Scheme of the request, as the nearest proxy saw it. */
function protocolOf(headers: Headers): "http" | "https" {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (forwarded === "https" || forwarded === "http") return forwarded;
  return servedOverHttps() ? "https" : "http";
}

function portOf(host: string | null): string {
  if (!host) return "";
  const m = /:(\d+)$/.exec(host.trim());
  return m ? `:${m[1]}` : "";
}

/** `http://localhost:3100` for a request to `acme.localhost:3100`. */
export function apexOrigin(headers: Headers, root = rootDomain()): string {
  const host = headers.get("host");
  return `${protocolOf(headers)}://${hostnameOf(root)}${portOf(host) || portOf(root)}`;
}

/** `http://acme.localhost:3100` for a request to `localhost:3100`. */
export function tenantOrigin(slug: string, headers: Headers, root = rootDomain()): string {
  const host = headers.get("host");
  return `${protocolOf(headers)}://${slug}.${hostnameOf(root)}${portOf(host) || portOf(root)}`;
}

/** True for the apex and its subdomains only (open-redirect guard). */
export function isOwnHost(host: string, root = rootDomain()): boolean {
  const name = hostnameOf(host);
  const apex = hostnameOf(root);
  return name === apex || name.endsWith(`.${apex}`);
}

/** The origin the client used for this request (Host header, not Next's internal URL). */
export function requestOrigin(headers: Headers): string {
  return `${protocolOf(headers)}://${headers.get("host") ?? hostnameOf(rootDomain())}`;
}
