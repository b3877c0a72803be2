/*
 * Which tenant a request is for, read from its Host header.
 *
 * ROOT_DOMAIN (default `localhost:3000`) names the apex; `{slug}.{apex}` is a
 * tenant. Only host NAMES are compared, never ports, so the same build serves
 * `cabinet-dupont.localhost:3000` in dev and `…localhost:3100` under the
 * end-to-end suite; links to another host reuse the port and scheme of the
 * request being answered. The Host header is parsed by lib/http/host-header:
 * a malformed one names nothing here, and building a link from it is a 400.
 */

import { ApiError } from "@/lib/http/api-error-codes";
import { formatHost, parseHost, type ParsedHost } from "@/lib/http/host-header";

export type HostKind =
  | { kind: "apex" }
  /** `admin.{apex}`: the platform console, with its own cookie (lib/auth/admin-session). */
  | { kind: "admin" }
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

/** The platform console's host label, reserved above so no tenant can take it. */
export const ADMIN_LABEL = "admin";

export function rootDomain(env: NodeJS.ProcessEnv = process.env): string {
  return (env.ROOT_DOMAIN || "localhost:3000").toLowerCase();
}

function hostnameOf(host: string): string | null {
  return parseHost(host)?.hostname ?? null;
}

function rootHost(root: string): ParsedHost {
  const parsed = parseHost(root);
  if (!parsed) throw new Error("ROOT_DOMAIN must be a host name with an optional port, e.g. frontdesk.app");
  return parsed;
}

/** The request's Host, or a 400: links are built from it, so garbage must stop here. */
function requestHost(headers: Headers): ParsedHost | null {
  const raw = headers.get("host");
  if (!raw) return null;
  const parsed = parseHost(raw);
  if (!parsed) throw new ApiError("bad_request", "host: The Host header is not a valid host name.", "host");
  return parsed;
}

export function classifyHost(host: string | null | undefined, root = rootDomain()): HostKind {
  if (!host) return { kind: "apex" };
  const name = hostnameOf(host);
  if (!name) return { kind: "invalid" };
  const apex = rootHost(root).hostname;
  if (name === apex) return { kind: "apex" };
  if (!name.endsWith(`.${apex}`)) {
    // Loopback IPs and other names (health checks, previews) see the apex;
    // tenants are only ever reached through their subdomain.
    return { kind: "apex" };
  }
  const label = name.slice(0, -(apex.length + 1));
  if (label === ADMIN_LABEL) return { kind: "admin" };
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

function portSuffix(request: ParsedHost | null, root: ParsedHost): string {
  const port = request?.port ?? root.port;
  return port ? `:${port}` : "";
}

/** `http://localhost:3100` for a request to `acme.localhost:3100`. */
export function apexOrigin(headers: Headers, root = rootDomain()): string {
  const apex = rootHost(root);
  return `${protocolOf(headers)}://${apex.hostname}${portSuffix(requestHost(headers), apex)}`;
}

/** `http://acme.localhost:3100` for a request to `localhost:3100`. */
export function tenantOrigin(slug: string, headers: Headers, root = rootDomain()): string {
  const apex = rootHost(root);
  return `${protocolOf(headers)}://${slug}.${apex.hostname}${portSuffix(requestHost(headers), apex)}`;
}

/** `http://admin.localhost:3100` for a request to `localhost:3100`. */
export function adminOrigin(headers: Headers, root = rootDomain()): string {
  return tenantOrigin(ADMIN_LABEL, headers, root);
}

/** True for the apex and its subdomains only (open-redirect guard). */
export function isOwnHost(host: string, root = rootDomain()): boolean {
  const name = hostnameOf(host);
  const apex = rootHost(root).hostname;
  return name !== null && (name === apex || name.endsWith(`.${apex}`));
}

/** The origin the client used for this request (Host header, not Next's internal URL). */
export function requestOrigin(headers: Headers): string {
  const host = requestHost(headers) ?? rootHost(rootDomain());
  return `${protocolOf(headers)}://${formatHost(host)}`;
}
