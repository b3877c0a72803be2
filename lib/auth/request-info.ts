import "server-only";
import { runAsTenant } from "@/lib/tenancy";
import { recordAuditEvent, type AuditEntry } from "@/lib/audit";
import { tenantDb } from "@/lib/db";

/** What the audit trail and the throttle need to know about a request. */
export interface RequestInfo {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(source: HeaderSource, name: string): string | null {
  if (source instanceof Headers) return source.get(name);
  const v = source[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/*
 * The client address is the LAST hop of X-Forwarded-For: that entry was
 * appended by the proxy nearest to us (Next's own server in dev, the load
 * balancer in production), whereas earlier entries come from the client and
 * would let an attacker pick a fresh "IP" for every guess.
 */
export function clientIp(source: HeaderSource): string | null {
  const forwarded = header(source, "x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last || header(source, "x-real-ip") || null;
}

export function requestInfo(source: HeaderSource): RequestInfo {
  return {
    ip: clientIp(source),
    requestId: header(source, "x-request-id"),
    userAgent: header(source, "user-agent"),
  };
}

/** Appends to one tenant's audit trail from code that runs outside its context. */
export function auditInTenant(tenantId: string, entry: AuditEntry): Promise<void> {
  return runAsTenant(tenantId, () => recordAuditEvent(tenantDb(), entry));
}
