import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

export interface TenantContext {
  readonly tenantId: string;
}

// One store per process, not per module instance: Next bundles server code
// into several layers (route handlers, server components, proxy) that each
// evaluate this module, while the database clients are shared process-wide
// (lib/db caches them on globalThis). A per-instance store would let a page
// enter a tenant context that the shared client, bound to another instance,
// cannot see.
const storageKey = Symbol.for("frontdesk.tenant-context");
const storage = ((globalThis as Record<symbol, AsyncLocalStorage<TenantContext> | undefined>)[storageKey] ??=
  new AsyncLocalStorage<TenantContext>());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown when tenant-owned data is touched outside `runAsTenant`. */
export class MissingTenantContextError extends Error {
  readonly code = "missing_tenant_context";
  constructor(what: string) {
    super(`${what} needs a tenant context: wrap the call in runAsTenant(tenantId, fn)`);
    this.name = "MissingTenantContextError";
  }
}

/** Thrown when a query names a tenant other than the one in context. */
export class TenantMismatchError extends Error {
  readonly code = "tenant_mismatch";
  constructor(what: string) {
    super(`${what} refers to another tenant than the current one`);
    this.name = "TenantMismatchError";
  }
}

export function isTenantId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * Runs `fn` with `tenantId` as the current tenant. Every query that `fn`
 * makes through the tenant-scoped client, directly or in callbacks and
 * promises it starts, is confined to that tenant.
 */
export async function runAsTenant<T>(tenantId: string, fn: () => T | PromiseLike<T>): Promise<T> {
  if (!isTenantId(tenantId)) {
    throw new TypeError("runAsTenant: tenantId must be a UUID");
  }
  // Awaited inside the context: Prisma queries are lazy and start on `.then`,
  // so a query returned unawaited from `fn` must still run in this tenant.
  return storage.run({ tenantId: tenantId.toLowerCase() }, async () => await fn());
}

export function currentTenantId(): string | undefined {
  return storage.getStore()?.tenantId;
}

export function requireTenantId(what = "This operation"): string {
  const id = currentTenantId();
  if (!id) throw new MissingTenantContextError(what);
  return id;
}
