import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { decodeKeysetCursor, pageOf } from "@/lib/http";

export const CONVERSATION_CHANNELS = ["voice", "whatsapp", "web"] as const;
export const CONVERSATION_STATUSES = ["open", "ended", "handed_off"] as const;
export type ConversationChannel = (typeof CONVERSATION_CHANNELS)[number];
export type ConversationStatusValue = (typeof CONVERSATION_STATUSES)[number];

export const CONVERSATIONS_PAGE_SIZE = 20;

// An empty query value is what the "All" option of a filter sends.
const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);

/** The list's query string: `?channel=&status=&cursor=`. */
export const conversationFiltersSchema = z.object({
  channel: z.preprocess(blankAsMissing, z.enum(CONVERSATION_CHANNELS, { message: "Choose a channel: voice, whatsapp or web" }).optional()),
  status: z.preprocess(blankAsMissing, z.enum(CONVERSATION_STATUSES, { message: "Choose a status: open, ended or handed_off" }).optional()),
  cursor: z.preprocess(blankAsMissing, z.string().max(200, "cursor is too long").optional()),
});
export type ConversationFilters = z.output<typeof conversationFiltersSchema>;

export interface ConversationRow {
  id: string;
  channel: ConversationChannel;
  status: ConversationStatusValue;
  /** The client's name, else their phone, else the WhatsApp sender; null when nobody is known. */
  client: string | null;
  clientPhone: string | null;
  startedAt: string;
  endedAt: string | null;
  /** Call length, or for a chat the time from first to last message. */
  durationSeconds: number;
}

export interface ConversationPage {
  items: ConversationRow[];
  nextCursor: string | null;
}

export const conversationRowSelect = {
  id: true,
  channel: true,
  status: true,
  externalId: true,
  startedAt: true,
  endedAt: true,
  updatedAt: true,
  client: { select: { name: true, phone: true } },
} satisfies Prisma.ConversationSelect;

type RowSource = Prisma.ConversationGetPayload<{ select: typeof conversationRowSelect }>;

function durationSeconds(startedAt: Date, endedAt: Date | null, lastActivityAt: Date): number {
  const end = endedAt ?? lastActivityAt;
  return Math.max(0, Math.round((end.getTime() - startedAt.getTime()) / 1000));
}

export function toConversationRow(c: RowSource): ConversationRow {
  const phone = c.client?.phone ?? (c.channel === "whatsapp" ? c.externalId : null);
  return {
    id: c.id,
    channel: c.channel,
    status: c.status,
    client: c.client?.name || phone || null,
    clientPhone: phone,
    startedAt: c.startedAt.toISOString(),
    endedAt: c.endedAt?.toISOString() ?? null,
    // A turn touches updated_at, so for a chat it is the last message's time.
    durationSeconds: durationSeconds(c.startedAt, c.endedAt, c.updatedAt),
  };
}

/** One page of the current tenant's conversations, newest first. */
export async function listConversations(db: TenantDb, filters: ConversationFilters, pageSize = CONVERSATIONS_PAGE_SIZE): Promise<ConversationPage> {
  const after = filters.cursor ? decodeKeysetCursor(filters.cursor) : null;
  const where: Prisma.ConversationWhereInput = {
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(after ? { OR: [{ startedAt: { lt: after.at } }, { startedAt: after.at, id: { lt: after.id } }] } : {}),
  };
  const rows = await db.conversation.findMany({
    where,
    select: conversationRowSelect,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
  });
  const page = pageOf(rows, pageSize, (r) => ({ at: r.startedAt, id: r.id }));
  return { items: page.rows.map(toConversationRow), nextCursor: page.nextCursor };
}

/** The latest conversations of each channel, for the overview. */
export async function recentConversationsByChannel(db: TenantDb, perChannel = 5): Promise<Record<ConversationChannel, ConversationRow[]>> {
  const lists = await Promise.all(
    CONVERSATION_CHANNELS.map((channel) =>
      db.conversation.findMany({
        where: { channel },
        select: conversationRowSelect,
        orderBy: [{ startedAt: "desc" }, { id: "desc" }],
        take: perChannel,
      }),
    ),
  );
  return {
    voice: lists[0]!.map(toConversationRow),
    whatsapp: lists[1]!.map(toConversationRow),
    web: lists[2]!.map(toConversationRow),
  };
}
