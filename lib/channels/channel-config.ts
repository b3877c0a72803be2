import "server-only";
import type pg from "pg";
import { tenantDb } from "@/lib/db";
import { configEventsFor, type ConfigEvents } from "@/lib/db/config-events";
import { ConfigChangedError, createTenantCache, configCacheTtlMs, type TenantCache, type Versioned } from "@/lib/db/tenant-cache";
import { tenantBillingOf, tenantBillingSelect, type TenantBilling } from "@/lib/billing/channel-billing";
import { requireTenantId, runAsTenant } from "@/lib/tenancy";
import { resolveChannelRoute, type ChannelKind } from "./channel-route";
import { channelTenantOf, type ChannelTenant } from "./channel-tenant";
import { toE164 } from "./phone-number";

/*
 * What every channel request needs before it reaches a handler — which tenant
 * owns this number or widget key, whether that tenant is serving, and the
 * key's allowed origins — from a per-process cache, so admitting a request
 * (or refusing it) costs no query. Entries follow the tenant's config version
 * (see lib/db/tenant-cache.ts); the receptionist's turn re-checks that version
 * inside its transaction, so a turn never runs on an admission that was stale.
 */

export interface ActiveRoute {
  channel: ChannelKind;
  key: string;
  allowedOrigins: string[];
}

export interface ChannelConfig {
  tenant: ChannelTenant;
  routes: ActiveRoute[];
  /** Plan, limits and lifecycle, for lib/billing's per-request decision. */
  billing: TenantBilling;
  /** The business's own number (transfer phone, else the admin phone), given to callers it cannot serve. */
  businessPhone: string | null;
}

export const CONFIG_VERSION_SQL = "SELECT config_version AS v FROM tenants WHERE id = $1";

/** Unknown keys are remembered briefly so a flood of them does not reach the database. */
const UNKNOWN_LIVE_MS = 60_000;

async function loadChannelConfig(): Promise<Versioned<ChannelConfig>> {
  const db = tenantDb();
  const t = await db.tenant.findFirstOrThrow({
    select: {
      id: true, slug: true, name: true, locale: true, timezone: true, region: true, configVersion: true, adminPhone: true,
      ...tenantBillingSelect,
      businessProfile: { select: { transferPhone: true } },
    },
  });
  const routes = await db.channelRoute.findMany({
    where: { active: true, revokedAt: null },
    select: { channel: true, key: true, allowedOrigins: true },
  });
  const phone = t.businessProfile?.transferPhone?.trim() || t.adminPhone?.trim() || null;
  return {
    version: Number(t.configVersion),
    value: {
      tenant: channelTenantOf(t),
      routes,
      billing: tenantBillingOf(t),
      businessPhone: phone ? toE164(phone, t.region) : null,
    },
  };
}

interface ChannelDirectory {
  /** The tenant an active route belongs to, or null. */
  resolve(channel: ChannelKind, key: string): Promise<string | null>;
  /** The tenant last seen owning the route, from the cache only, unchecked (a hint, never an admission). */
  lastOwner(channel: ChannelKind, key: string): string | undefined;
  /** The tenant's channel configuration, at least at `atLeast` when given. */
  forTenant(tenantId: string, atLeast?: number): Promise<Versioned<ChannelConfig>>;
  /** Read again now, past the cache: before refusing a caller on what the cache says. */
  refresh(tenantId: string): Promise<Versioned<ChannelConfig>>;
}

function createChannelDirectory(events: ConfigEvents, now: () => number = Date.now): ChannelDirectory {
  const configs: TenantCache<ChannelConfig> = createTenantCache({
    events,
    tables: ["tenants", "channel_routes", "business_profiles"],
    load: (tenantId) => runAsTenant(tenantId, loadChannelConfig),
  });
  const owners = new Map<string, string>();
  const unknown = new Map<string, number>();
  const routeKey = (channel: ChannelKind, key: string) => `${channel}\u0000${key}`;

  events.onChange((change) => {
    if (change.table === "channel_routes" || change.table === "deleted") unknown.clear();
  });
  events.onReset(() => {
    owners.clear();
    unknown.clear();
  });

  async function resolve(channel: ChannelKind, key: string): Promise<string | null> {
    const k = routeKey(channel, key);
    const owner = owners.get(k);
    if (owner) {
      const { value } = await configs.get(owner);
      if (value.routes.some((r) => r.channel === channel && r.key === key)) return owner;
      owners.delete(k);
    }
    const until = unknown.get(k);
    if (until !== undefined && until > now()) return null;
    const tenantId = await resolveChannelRoute(channel, key);
    if (!tenantId) {
      if (unknown.size >= 10_000) unknown.delete(unknown.keys().next().value!);
      unknown.set(k, now() + (events.live ? UNKNOWN_LIVE_MS : configCacheTtlMs()));
      return null;
    }
    if (owners.size >= 100_000) owners.delete(owners.keys().next().value!);
    owners.set(k, tenantId);
    return tenantId;
  }

  return {
    resolve,
    lastOwner: (channel, key) => owners.get(routeKey(channel, key)),
    forTenant: (tenantId, atLeast) => configs.get(tenantId, atLeast),
    refresh(tenantId) {
      configs.invalidate(tenantId);
      return configs.get(tenantId);
    },
  };
}

const globalKey = Symbol.for("frontdesk.channel-directory");
const store = globalThis as Record<symbol, ChannelDirectory | undefined>;

/** The process-wide directory over the app's tenant-scoped pool. */
export function channelDirectory(): ChannelDirectory {
  return (store[globalKey] ??= createChannelDirectory(configEventsFor(tenantDb().pool)));
}

/**
 * For a request that runs no turn (which re-checks the version in its own
 * transaction): one primary-key read, and ConfigChangedError when the
 * configuration changed since admission, so the wrapper admits it again.
 */
export async function confirmConfigVersion(admittedAt: number): Promise<void> {
  const pool: pg.Pool = tenantDb().pool;
  const { rows } = await pool.query<{ v: string }>(CONFIG_VERSION_SQL, [requireTenantId("confirmConfigVersion")]);
  const current = Number(rows[0]?.v ?? 0);
  if (current > admittedAt) throw new ConfigChangedError(current);
}
