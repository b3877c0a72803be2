import "server-only";
import { z } from "zod";
import { decodeKeysetCursor, pageOf } from "@/lib/http";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import type { UiLocale } from "@/lib/i18n";
import { describeActivity, targetId, type ActivityDescription, type ActivityNames } from "./activity-sentences";

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
  "resource",
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
  "support",
  "conversation",
  "export",
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
  /** The event as a sentence in the member's language, names resolved, times in the tenant's zone. */
  summary: string;
  /** Labelled values for an action without a sentence of its own (empty otherwise). */
  facts: ActivityDescription["facts"];
}

export interface ActivityReadOptions {
  locale: UiLocale;
  timeZone: string;
  pageSize?: number;
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

function safeMetadata(metadata: unknown): Record<string, unknown> {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return {};
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => !SECRET_KEY.test(key)));
}

function displayMetadata(metadata: unknown): Array<{ key: string; value: string }> {
  return Object.entries(safeMetadata(metadata)).map(([key, value]) => ({ key, value: displayValue(value) }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AuditRow = { actorUserId: string | null; target: string | null; metadata: unknown };

/**
 * Names for the people and things a page of events points at, read within
 * the tenant (a user is readable only as a member of it): one query per kind,
 * only for kinds the page mentions.
 */
async function resolveNames(db: TenantDb, rows: AuditRow[]): Promise<{ names: ActivityNames; people: Map<string, { name: string; email: string }> }> {
  const ids = { users: new Set<string>(), clients: new Set<string>(), services: new Set<string>(), appointments: new Set<string>(), invitations: new Set<string>() };
  for (const r of rows) {
    if (r.actorUserId) ids.users.add(r.actorUserId);
    const add = (set: Set<string>, id: string | null) => id && set.add(id);
    add(ids.users, targetId(r.target, "user"));
    add(ids.clients, targetId(r.target, "client"));
    add(ids.services, targetId(r.target, "service"));
    add(ids.appointments, targetId(r.target, "appointment"));
    add(ids.invitations, targetId(r.target, "invitation"));
    // Ids inside metadata (a booking's client, a previous owner) are named too.
    for (const value of Object.values(safeMetadata(r.metadata))) {
      if (typeof value === "string" && UUID.test(value)) {
        ids.users.add(value);
        ids.clients.add(value);
        ids.services.add(value);
      }
    }
  }
  const list = (set: Set<string>) => [...set];
  const [members, clients, services, appointments, invitations] = await Promise.all([
    ids.users.size ? db.membership.findMany({ where: { userId: { in: list(ids.users) } }, select: { userId: true, user: { select: { name: true, email: true } } } }) : [],
    ids.clients.size ? db.client.findMany({ where: { id: { in: list(ids.clients) } }, select: { id: true, name: true } }) : [],
    ids.services.size ? db.service.findMany({ where: { id: { in: list(ids.services) } }, select: { id: true, name: true } }) : [],
    ids.appointments.size
      ? db.appointment.findMany({
          where: { id: { in: list(ids.appointments) } },
          select: { id: true, startsAt: true, service: { select: { name: true } }, client: { select: { name: true } } },
        })
      : [],
    ids.invitations.size ? db.invitation.findMany({ where: { id: { in: list(ids.invitations) } }, select: { id: true, email: true } }) : [],
  ]);
  const names: ActivityNames = {
    members: new Map(members.map((m) => [m.userId, m.user.name || m.user.email])),
    clients: new Map(clients.map((c) => [c.id, c.name])),
    services: new Map(services.map((s) => [s.id, s.name])),
    appointments: new Map(appointments.map((a) => [a.id, { startsAt: a.startsAt, service: a.service.name, client: a.client.name }])),
    invitations: new Map(invitations.map((i) => [i.id, i.email])),
  };
  return { names, people: new Map(members.map((m) => [m.userId, m.user])) };
}

const ACTOR_KINDS = new Set<string>(["user", "platform_admin", "system", "webhook"]);

/** One page of the current tenant's audit events, newest first. */
export async function listTenantActivity(db: TenantDb, filters: ActivityFilters, options: ActivityReadOptions): Promise<ActivityPage> {
  const pageSize = options.pageSize ?? ACTIVITY_PAGE_SIZE;
  const after = filters.cursor ? decodeKeysetCursor(filters.cursor) : null;
  const where: Prisma.AuditEventWhereInput = {
    ...(filters.action ? { action: { startsWith: filters.action } } : {}),
    ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: pageSize + 1 });
  const page = pageOf(rows, pageSize, (r) => ({ at: r.createdAt, id: r.id }));

  const { names, people } = await resolveNames(db, page.rows);

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
        ...describeActivity({ action: r.action, target: r.target, at: r.createdAt, metadata: safeMetadata(r.metadata) }, names, options),
      };
    }),
    nextCursor: page.nextCursor,
  };
}
