import { z } from "zod";
import { decodeKeysetCursor, pageOf } from "@/lib/conversations/keyset-cursor";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";

/*
 * The Activity page's read side: the current tenant's audit trail, newest
 * first. Writers never put secret values in metadata (lib/secrets audits only
 * `provider/name`, widget keys only their prefix); the listing still drops
 * any key that looks like it could hold one, so a future careless writer
 * cannot leak through this page.
 */

export const ACTIVITY_PAGE_SIZE = 25;

/** The action families the filter offers; any prefix is accepted by the API. */
export const ACTIVITY_PREFIXES = [
  "settings",
  "service",
  "channel",
  "secret",
  "agent",
  "faq",
  "member",
  "invitation",
  "ownership",
  "account",
  "appointment",
  "client",
  "auth",
  "tenant",
] as const;

const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);

/** The list's query string: `?action=<prefix>&cursor=`. */
export const activityFiltersSchema = z.object({
  action: z.preprocess(
    blankAsMissing,
    z
      .string()
      .max(60, "action: at most 60 characters")
      .regex(/^[a-z0-9_.]+$/, "action: lowercase letters, digits, dots and underscores only")
      .optional(),
  ),
  cursor: z.preprocess(blankAsMissing, z.string().max(200, "cursor is too long").optional()),
});
export type ActivityFilters = z.output<typeof activityFiltersSchema>;

export type ActorKind = "user" | "platform_admin" | "system" | "webhook";

export interface ActivityEntry {
  id: string;
  action: string;
  target: string | null;
  actor: { kind: ActorKind; userId: string | null; name: string | null; email: string | null };
  ip: string | null;
  at: string;
  /** Flattened for display, secret-looking keys removed. */
  metadata: Array<{ key: string; value: string }>;
}

export interface ActivityPage {
  items: ActivityEntry[];
  nextCursor: string | null;
}

const SECRET_KEY = /secret|token|password|passphrase|api_?key|private|credential|ciphertext|^key$|^value$|plaintext|hash/i;
const MAX_VALUE = 200;

function displayValue(value: unknown): string {
  const text = Array.isArray(value)
    ? value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")
    : typeof value === "string"
      ? value
      : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

export function displayMetadata(metadata: unknown): Array<{ key: string; value: string }> {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return [];
  return Object.entries(metadata)
    .filter(([key]) => !SECRET_KEY.test(key))
    .map(([key, value]) => ({ key, value: displayValue(value) }));
}

const ACTOR_KINDS = new Set<string>(["user", "platform_admin", "system", "webhook"]);

/** One page of the current tenant's audit events, newest first. */
export async function listTenantActivity(db: TenantDb, filters: ActivityFilters, pageSize = ACTIVITY_PAGE_SIZE): Promise<ActivityPage> {
  const after = filters.cursor ? decodeKeysetCursor(filters.cursor) : null;
  const where: Prisma.AuditEventWhereInput = {
    ...(filters.action ? { action: { startsWith: filters.action } } : {}),
    ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: pageSize + 1 });
  const page = pageOf(rows, pageSize, (r) => ({ at: r.createdAt, id: r.id }));

  // Users are readable only as members of this tenant; a former member's
  // events keep their id but show no name.
  const actorIds = [...new Set(page.rows.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])))];
  const members = actorIds.length
    ? await db.membership.findMany({ where: { userId: { in: actorIds } }, select: { userId: true, user: { select: { name: true, email: true } } } })
    : [];
  const people = new Map(members.map((m) => [m.userId, m.user]));

  return {
    items: page.rows.map((r) => {
      const person = r.actorUserId ? people.get(r.actorUserId) : undefined;
      return {
        id: r.id,
        action: r.action,
        target: r.target,
        actor: {
          kind: (ACTOR_KINDS.has(r.actorKind) ? r.actorKind : "system") as ActorKind,
          userId: r.actorUserId,
          name: person?.name ?? null,
          email: person?.email ?? null,
        },
        ip: r.ip,
        at: r.createdAt.toISOString(),
        metadata: displayMetadata(r.metadata),
      };
    }),
    nextCursor: page.nextCursor,
  };
}
