import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { conversationForStep, staffStepSchema, type StaffStep } from "./inbox-steps";
import { whatsAppWindow } from "./whatsapp-window";

/*
 * The inbox: conversations the receptionist handed off (it asked for a
 * human, or a call was forwarded) or that a member has taken over, newest
 * activity first. The partial index conversations_inbox_idx serves both.
 */

const IN_INBOX = { OR: [{ status: "handed_off" }, { takenOverAt: { not: null } }] } satisfies Prisma.ConversationWhereInput;
const INBOX_LIMIT = 100;

export interface InboxRow {
  id: string;
  channel: "voice" | "whatsapp" | "web";
  client: string | null;
  phone: string | null;
  takenOver: boolean;
  updatedAt: string;
  lastMessage: string | null;
}

export async function inboxCount(db: TenantDb): Promise<number> {
  return db.conversation.count({ where: IN_INBOX });
}

export async function listInbox(db: TenantDb): Promise<InboxRow[]> {
  const rows = await db.conversation.findMany({
    where: IN_INBOX,
    orderBy: { updatedAt: "desc" },
    take: INBOX_LIMIT,
    select: {
      id: true,
      channel: true,
      externalId: true,
      takenOverAt: true,
      updatedAt: true,
      client: { select: { name: true, phone: true } },
      messages: { where: { role: "caller" }, orderBy: { createdAt: "desc" }, take: 1, select: { content: true } },
    },
  });
  return rows.map((c) => {
    const phone = c.client?.phone ?? (c.channel === "whatsapp" ? c.externalId : null);
    return {
      id: c.id,
      channel: c.channel,
      client: c.client?.name || phone || null,
      phone,
      takenOver: c.takenOverAt !== null,
      updatedAt: c.updatedAt.toISOString(),
      lastMessage: c.messages[0]?.content ?? null,
    };
  });
}

export interface InboxMessage {
  id: string;
  role: "caller" | "agent" | "staff" | "system" | "tool";
  content: string;
  at: string;
  step: StaffStep | null;
  authorName: string | null;
  outcome: "reached" | "no_answer" | null;
}

export interface InboxConversation {
  id: string;
  channel: "voice" | "whatsapp" | "web";
  status: "open" | "ended" | "handed_off";
  takenOver: boolean;
  client: string | null;
  /** The number to call back (voice) or that WhatsApp replies go to. */
  phone: string | null;
  /** WhatsApp only: whether a free reply can be sent now, and until when. */
  whatsapp: { open: true; closesAt: string } | { open: false; reason: "no_inbound_message" | "window_closed" } | null;
  messages: InboxMessage[];
}

export async function loadInboxConversation(db: TenantDb, id: string, now: Date): Promise<InboxConversation> {
  const conversation = await conversationForStep(db, id);
  const messages = await db.message.findMany({
    where: { conversationId: id, role: { in: ["caller", "agent", "staff"] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, role: true, content: true, metadata: true, createdAt: true },
  });
  const lastInbound = [...messages].reverse().find((m) => m.role === "caller")?.createdAt ?? null;
  const window = conversation.channel === "whatsapp" ? whatsAppWindow(lastInbound, now) : null;
  return {
    id: conversation.id,
    channel: conversation.channel,
    status: conversation.status,
    takenOver: conversation.takenOverAt !== null,
    client: conversation.clientName,
    phone: conversation.clientPhone ?? conversation.callerPhone ?? (conversation.channel === "whatsapp" ? conversation.externalId : null),
    whatsapp: window && (window.open ? { open: true, closesAt: window.closesAt.toISOString() } : { open: false, reason: window.reason }),
    messages: messages.map((m) => {
      const step = m.role === "staff" ? staffStepSchema.safeParse(m.metadata) : null;
      return {
        id: m.id,
        role: m.role,
        content: m.content,
        at: m.createdAt.toISOString(),
        step: step?.success ? step.data.step : null,
        authorName: step?.success ? step.data.authorName : null,
        outcome: step?.success ? (step.data.outcome ?? null) : null,
      };
    }),
  };
}
