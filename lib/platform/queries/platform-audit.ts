import "server-only";
import { z } from "zod";
import type { PlatformDb } from "@/lib/db/platform-db";
import { pageOf } from "@/lib/http/keyset-cursor";
import { SqlText } from "./sql-text";
import { containsPattern, cursorPosition } from "./tenant-search";

/*
 * The platform audit trail, newest first, keyset-paged on (created_at, id).
 * Filters: the admin (user id, or part of an email), the tenant (id or slug;
 * an id still finds a deleted tenant's rows), the action (exact, or a prefix
 * ending with "." such as "tenant."), and a range of UTC days.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const blankToUndefined = (v: string | undefined) => (v ? v : undefined);

export const AUDIT_PAGE_SIZE = 50;

export const auditFiltersSchema = z
  .object({
    admin: z.string().trim().max(320, "admin: Must be at most 320 characters.").optional().transform(blankToUndefined),
    tenant: z.string().trim().max(100, "tenant: Must be at most 100 characters.").optional().transform(blankToUndefined),
    action: z
      .string()
      .trim()
      .max(100)
      .regex(/^[a-z0-9_.:-]*$/i, "action: Letters, digits, '.', '_', ':' and '-' only.")
      .optional()
      .transform(blankToUndefined),
    from: z.string().refine(isDay, "from: Use a date as YYYY-MM-DD.").optional(),
    to: z.string().refine(isDay, "to: Use a date as YYYY-MM-DD.").optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "to: Must not be before from.", path: ["to"] });
export type AuditFilters = z.output<typeof auditFiltersSchema>;

export const auditListInputSchema = z.intersection(
  auditFiltersSchema,
  z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(AUDIT_PAGE_SIZE) }),
);
export type AuditListInput = z.output<typeof auditListInputSchema>;

export interface PlatformAuditRow {
  id: string;
  createdAt: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  action: string;
  tenantId: string | null;
  tenantSlug: string | null;
  target: string | null;
  reason: string | null;
  metadata: unknown;
  ip: string | null;
  requestId: string | null;
}

interface RawRow {
  id: string;
  created_at: Date;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  subject_tenant_id: string | null;
  tenant_slug: string | null;
  target: string | null;
  reason: string | null;
  metadata: unknown;
  ip: string | null;
  request_id: string | null;
}

/** One page of rows after `after` (exclusive) matching `filters`. */
export async function auditRowsAfter(
  db: PlatformDb,
  filters: AuditFilters,
  after: { at: Date; id: string } | null,
  take: number,
): Promise<PlatformAuditRow[]> {
  const sql = new SqlText();
  const where: string[] = [];
  if (filters.admin) {
    where.push(
      UUID.test(filters.admin)
        ? `a.actor_user_id = ${sql.param(filters.admin.toLowerCase())}::uuid`
        : `a.actor_user_id IN (SELECT u.id FROM users u WHERE u.email ILIKE ${sql.param(containsPattern(filters.admin))})`,
    );
  }
  if (filters.tenant) {
    where.push(
      UUID.test(filters.tenant)
        ? `a.subject_tenant_id = ${sql.param(filters.tenant.toLowerCase())}::uuid`
        : `a.subject_tenant_id IN (SELECT t.id FROM tenants t WHERE t.slug = ${sql.param(filters.tenant.toLowerCase())})`,
    );
  }
  if (filters.action) {
    where.push(
      filters.action.endsWith(".")
        ? `starts_with(a.action, ${sql.param(filters.action)})`
        : `a.action = ${sql.param(filters.action)}`,
    );
  }
  if (filters.from) where.push(`a.created_at >= ${sql.param(`${filters.from}T00:00:00Z`)}::timestamptz`);
  if (filters.to) where.push(`a.created_at < (${sql.param(`${filters.to}T00:00:00Z`)}::timestamptz + interval '1 day')`);
  if (after) where.push(`(a.created_at, a.id) < (${sql.param(after.at)}::timestamptz, ${sql.param(after.id)}::uuid)`);
  const rows = await sql.run<RawRow>(
    db,
    `SELECT a.id, a.created_at, a.actor_user_id, u.email AS actor_email, a.action, a.subject_tenant_id, t.slug AS tenant_slug,
            a.target, a.reason, a.metadata, a.ip, a.request_id
     FROM platform_audit_events a
     LEFT JOIN users u ON u.id = a.actor_user_id
     LEFT JOIN tenants t ON t.id = a.subject_tenant_id
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY a.created_at DESC, a.id DESC
     LIMIT ${sql.param(take)}`,
  );
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    actorUserId: r.actor_user_id,
    actorEmail: r.actor_email,
    action: r.action,
    tenantId: r.subject_tenant_id,
    tenantSlug: r.tenant_slug,
    target: r.target,
    reason: r.reason,
    metadata: r.metadata,
    ip: r.ip,
    requestId: r.request_id,
  }));
}

export async function listPlatformAudit(db: PlatformDb, input: AuditListInput): Promise<{ rows: PlatformAuditRow[]; nextCursor: string | null }> {
  const rows = await auditRowsAfter(db, input, cursorPosition(input.cursor), input.limit + 1);
  return pageOf(rows, input.limit, (r) => ({ at: r.createdAt, id: r.id }));
}
