import type pg from "pg";

/*
 * Which tables live where once tenants are spread over cells (issue 16).
 *
 * Every database, control plane and cells alike, runs the same migrations,
 * so the schema is one; what differs is which rows a database holds:
 * - the control plane holds the global tables below (and tenants' directory);
 * - a cell holds every other table: all tables with a tenant_id column, found
 *   in the catalog, so a table added later is a cell table without an edit;
 * - a cell also keeps COPIES of a few control-plane rows so that its foreign
 *   keys, cascades and row-level security stay inside it.
 */

/**
 * The global tables. Every table without tenant_id must be named here (a
 * test checks it), plus the one tenant-keyed table the platform console owns.
 */
export const CONTROL_PLANE_TABLES = [
  // The directory: which tenants exist, their slug, region, plan, status and cell.
  "tenants",
  // Identity is global: one person may belong to workspaces in several cells.
  "users",
  "auth_sessions",
  "auth_handoffs",
  "password_resets",
  "login_throttles",
  // Billing catalogue (reference data, replicated to every cell).
  "plans",
  "plan_prices",
  "billing_meters",
  "plan_overage_prices",
  // The platform console's own records.
  "platform_audit_events",
  "webhook_failures",
  // Keyed by tenant but opened by a platform admin (FK to users), read by cookie before the tenant is known.
  "support_sessions",
  // Progress of live moves between cells (npm run tenant:move), written by the mover, read by the console.
  "tenant_moves",
  // Each database's own migration ledger, and which cell it is (cell-identity.ts).
  "_prisma_migrations",
  "cell_identity",
] as const;

export type ControlPlaneTable = (typeof CONTROL_PLANE_TABLES)[number];

/**
 * Control-plane tables replicated whole into every cell: tenants.plan and the
 * plan limits that cell-side code reads join them.
 */
export const REFERENCE_TABLES = ["plans", "plan_prices", "billing_meters", "plan_overage_prices"] as const;

/**
 * Control-plane rows a cell keeps a copy of, for its own tenants only:
 * - tenants: the whole row (status, plan, name, locale, settings… are read in the cell),
 *   each column kept by its writer's side (TENANT_COLUMN_OWNERS);
 * - users: id, email and name of the tenants' members, never a secret, so
 *   memberships keep their foreign key and team pages their names.
 */
export const CELL_COPIES = { tenants: "whole row", users: ["id", "email", "name", "created_at", "updated_at"] } as const;

/**
 * Who writes each column of the tenants row, which lives on both sides: the
 * directory sync sends each side only columns the other may not write, so a
 * stale copy never undoes a decision (a test checks every column is named).
 * - platform: the directory and support's decisions, written on the control plane;
 * - tenant: the members' settings, written in the cell;
 * - shared: billing state, written in the cell by Stripe webhooks and the
 *   lifecycle jobs and on the control plane by support's actions (trial,
 *   plan override); only the columns a change named are sent, and the
 *   trigger of migration 20261206192000 keeps support's suspension and plan;
 * - local: each database's own bookkeeping, never copied.
 */
export const TENANT_COLUMN_OWNERS = {
  platform: ["id", "slug", "region", "admin_email", "created_at", "cell", "cell_state", "cell_frozen_at", "support_suspended_at", "support_suspension_reason"],
  tenant: ["name", "timezone", "locale", "settings", "admin_phone", "require_two_factor", "support_writes_allowed"],
  shared: [
    "status", "plan", "trial_ends_at", "past_due_since", "suspended_at", "cancelled_at", "data_deletion_due_at",
    "config_locked_at", "stripe_customer_id", "support_resume_status", "plan_override_until", "plan_override_base",
  ],
  local: ["config_version", "updated_at"],
} as const;

/**
 * The tenants columns a sync towards `direction` writes: the sender's own
 * columns, and of the shared ones those `changed` names (all when unknown, a
 * full refresh).
 */
export function tenantColumnsToSync(direction: "to-cell" | "to-control-plane", changed?: readonly string[]): string[] {
  const own: readonly string[] = direction === "to-cell" ? TENANT_COLUMN_OWNERS.platform : TENANT_COLUMN_OWNERS.tenant;
  const shared = TENANT_COLUMN_OWNERS.shared.filter((c) => !changed || changed.includes(c));
  return [...own, ...shared].filter((c) => c !== "id");
}

/**
 * Cell tables of which the control plane keeps a copy, because a global
 * lookup made before any tenant is known reads them: which tenant owns a
 * number or widget key (webhooks), which workspaces a user belongs to
 * (sign-in), which invitation a token names (accepting it). The cell's rows
 * are the truth; the copy follows them (lib/cells/directory-sync).
 */
export const LOOKUP_COPIES = ["channel_routes", "memberships", "invitations"] as const;

export function isControlPlaneTable(table: string): boolean {
  return (CONTROL_PLANE_TABLES as readonly string[]).includes(table);
}

export interface TableClassification {
  controlPlane: string[];
  cell: string[];
  /** Tables without tenant_id that CONTROL_PLANE_TABLES does not name: a decision is missing. */
  unclassified: string[];
}

/** Public tables with and without a tenant_id column, read from the catalog of `client`'s database. */
export async function classifyTables(client: Pick<pg.ClientBase, "query">): Promise<TableClassification> {
  const { rows } = await client.query<{ table: string; tenant_owned: boolean }>(`
    SELECT c.relname AS table,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS tenant_owned
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
    ORDER BY c.relname`);
  const out: TableClassification = { controlPlane: [], cell: [], unclassified: [] };
  for (const r of rows) {
    if (isControlPlaneTable(r.table)) out.controlPlane.push(r.table);
    else if (r.tenant_owned) out.cell.push(r.table);
    else out.unclassified.push(r.table);
  }
  return out;
}

/** The cell tables (tenant-owned, not global), from the catalog. */
export async function cellTables(client: Pick<pg.ClientBase, "query">): Promise<string[]> {
  return (await classifyTables(client)).cell;
}
