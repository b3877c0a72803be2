import "server-only";
import { isoWithOffset } from "@/lib/booking/local-time";
import type { TenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { csvLine } from "./csv-format";

/*
 * The console's CSV exports: clients, appointments, conversations. Each is
 * streamed in pages of a keyset walk (never the whole table in memory), every
 * page read as the app role under the tenant's row-level security, and every
 * instant written in the tenant's zone with its offset (2030-01-07T10:00:00+01:00),
 * so a spreadsheet shows the practice's own clock and nothing is ambiguous.
 */

export const EXPORT_KINDS = ["clients", "appointments", "conversations"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const PAGE = 500;

type Cursor = { createdAt: Date; id: string } | null;
type Cell = string | number | null;

interface Exporter {
  header: string[];
  page(db: TenantDb, after: Cursor, zone: string): Promise<{ rows: Cell[][]; last: Cursor }>;
}

const keyset = (after: Cursor) =>
  after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {};
const lastOf = <R extends { createdAt: Date; id: string }>(rows: R[]): Cursor => (rows.length ? { createdAt: rows.at(-1)!.createdAt, id: rows.at(-1)!.id } : null);

const EXPORTERS: Record<ExportKind, Exporter> = {
  clients: {
    header: ["id", "name", "phone", "email", "notes", "created_at"],
    async page(db, after, zone) {
      const rows = await db.client.findMany({ where: keyset(after), orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: PAGE });
      return { rows: rows.map((c) => [c.id, c.name, c.phone, c.email, c.notes, isoWithOffset(c.createdAt, zone)]), last: lastOf(rows) };
    },
  },
  appointments: {
    header: ["id", "starts_at", "ends_at", "status", "service", "client_id", "client_name", "client_phone", "channel", "notes", "created_at"],
    async page(db, after, zone) {
      const rows = await db.appointment.findMany({
        where: keyset(after),
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: PAGE,
        include: { service: { select: { name: true } }, client: { select: { name: true, phone: true } } },
      });
      return {
        rows: rows.map((a) => [
          a.id,
          isoWithOffset(a.startsAt, zone),
          isoWithOffset(a.endsAt, zone),
          a.status,
          a.service.name,
          a.clientId,
          a.client.name,
          a.client.phone,
          a.channel,
          a.notes,
          isoWithOffset(a.createdAt, zone),
        ]),
        last: lastOf(rows),
      };
    },
  },
  conversations: {
    header: ["id", "channel", "status", "started_at", "ended_at", "client_id", "client_name", "client_phone", "messages", "summary"],
    async page(db, after, zone) {
      const rows = await db.conversation.findMany({
        where: keyset(after),
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: PAGE,
        include: { client: { select: { name: true, phone: true } }, _count: { select: { messages: true } } },
      });
      return {
        rows: rows.map((c) => [
          c.id,
          c.channel,
          c.status,
          isoWithOffset(c.startedAt, zone),
          c.endedAt ? isoWithOffset(c.endedAt, zone) : null,
          c.clientId,
          c.client?.name ?? null,
          c.client?.phone ?? null,
          c._count.messages,
          c.summary,
        ]),
        last: lastOf(rows),
      };
    },
  },
};

/**
 * The export as a byte stream. Each page is read when the client is ready
 * for more (pull), inside the tenant's context, which a stream's callbacks
 * would otherwise run outside of.
 */
export function streamExport(kind: ExportKind, db: TenantDb, tenantId: string, zone: string): ReadableStream<Uint8Array> {
  const exporter = EXPORTERS[kind];
  const encoder = new TextEncoder();
  let cursor: Cursor = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(exporter.header)));
        return;
      }
      const { rows, last } = await runAsTenant(tenantId, () => exporter.page(db, cursor, zone));
      if (rows.length) controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
      if (rows.length < PAGE) controller.close();
      cursor = last;
    },
  }, { highWaterMark: 1 });
}
