import "server-only";
import { runAsTenant } from "@/lib/tenancy";
import { recordAuditEvent, type AuditEntry } from "@/lib/audit";
import { tenantDb } from "@/lib/db";
import { clientAddress } from "@/lib/http/client-address";

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

/** The client address, as proxy.ts left it (see lib/http/client-address.ts for whom it trusts). */
export function clientIp(source: HeaderSource): string | null {
  return clientAddress(source);
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
