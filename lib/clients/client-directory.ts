import "server-only";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import type { TenantUserContext } from "@/lib/auth";
import { appointmentView, appointmentViewInclude, tenantTimeZone, type AppointmentView } from "@/lib/booking/appointment-calendar";
import { Prisma, type Channel, type ConversationStatus } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import type { ClientData } from "./client-schemas";
import { auditMemberChange } from "@/lib/auth/member-audit";

/*
 * The tenant's clients as the console sees them: search, a client's card
 * with their history, and edits. Phone numbers are E.164 and unique per
 * tenant, because that is how the receptionist recognises a returning caller.
 */

type Ctx = TenantUserContext;

export interface ClientSummary {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  createdAt: string;
}

export interface ConversationSummary {
  id: string;
  channel: Channel;
  status: ConversationStatus;
  startedAt: string;
  endedAt: string | null;
}

export interface ClientProfile extends ClientSummary {
  notes: string;
  timeZone: string;
  appointments: AppointmentView[];
  conversations: ConversationSummary[];
}

const SEARCH_LIMIT = 50;

function summary(row: { id: string; name: string; phone: string | null; email: string | null; createdAt: Date }): ClientSummary {
  return { id: row.id, name: row.name, phone: row.phone, email: row.email, createdAt: row.createdAt.toISOString() };
}

/**
 * What a typed search can mean for the phone column: the whole number in any
 * common format ("(416) 555-0102", "022 555 01 02", "+41 22…") parsed in the
 * tenant's region, or a run of digits found inside the stored E.164 (a
 * leading trunk 0 dropped, since E.164 never has it).
 */
function phoneConditions(q: string, region: CountryCode): Prisma.ClientWhereInput[] {
  const conditions: Prisma.ClientWhereInput[] = [];
  const parsed = parsePhoneNumberFromString(q, region);
  if (parsed?.isValid()) conditions.push({ phone: parsed.number });
  const digits = q.replace(/\D/g, "");
  if (digits.length >= 3 && /^[\d\s().+-]+$/.test(q)) {
    conditions.push({ phone: { contains: digits } });
    if (digits.startsWith("0") && digits.length >= 4) conditions.push({ phone: { contains: digits.slice(1) } });
  }
  return conditions;
}

export async function searchClients(db: TenantDb, q: string, region: CountryCode): Promise<ClientSummary[]> {
  const where: Prisma.ClientWhereInput = q
    ? {
        OR: [
          { name: { contains: q, mode: "insensitive" } },
          { email: { contains: q, mode: "insensitive" } },
          ...phoneConditions(q, region),
        ],
      }
    : {};
  const rows = await db.client.findMany({
    where,
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    take: SEARCH_LIMIT,
    select: { id: true, name: true, phone: true, email: true, createdAt: true },
  });
  return rows.map(summary);
}

export async function getClientProfile(db: TenantDb, id: string): Promise<ClientProfile> {
  const client = await db.client.findFirst({ where: { id } });
  if (!client) throw new ApiError("not_found", "This client does not exist.");
  const timeZone = await tenantTimeZone(db);
  const appointments = await db.appointment.findMany({
    where: { clientId: id },
    orderBy: { startsAt: "desc" },
    take: 200,
    include: appointmentViewInclude,
  });
  const conversations = await db.conversation.findMany({
    where: { clientId: id },
    orderBy: { startedAt: "desc" },
    take: 200,
    select: { id: true, channel: true, status: true, startedAt: true, endedAt: true },
  });
  return {
    ...summary(client),
    notes: client.notes,
    timeZone,
    appointments: appointments.map((row) => appointmentView(row, timeZone)),
    conversations: conversations.map((c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      startedAt: c.startedAt.toISOString(),
      endedAt: c.endedAt?.toISOString() ?? null,
    })),
  };
}

function isPhoneTaken(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

// Says only that the number is taken: the console lists that client anyway, and the message must not depend on who it is.
const phoneTaken = () => new ApiError("conflict", "Another client already has this phone number.", "phone");

function audit(ctx: Ctx, action: string, id: string, metadata: Prisma.InputJsonObject) {
  // Field names, never values: the audit trail is append-only and would keep personal data after an erasure.
  return auditMemberChange(ctx, action, `client:${id}`, metadata);
}

export async function createClient(ctx: Ctx, input: ClientData): Promise<ClientSummary> {
  let row;
  try {
    row = await ctx.db.client.create({ data: input });
  } catch (error) {
    if (isPhoneTaken(error)) throw phoneTaken();
    throw error;
  }
  await audit(ctx, "client.created", row.id, { fields: Object.keys(input).filter((k) => input[k as keyof ClientData]) });
  return summary(row);
}

export async function updateClient(ctx: Ctx, id: string, input: ClientData): Promise<ClientSummary> {
  const before = await ctx.db.client.findFirst({ where: { id } });
  if (!before) throw new ApiError("not_found", "This client does not exist.");
  try {
    const { count } = await ctx.db.client.updateMany({ where: { id }, data: input });
    if (!count) throw new ApiError("not_found", "This client does not exist.");
  } catch (error) {
    if (isPhoneTaken(error)) throw phoneTaken();
    throw error;
  }
  const changed = (Object.keys(input) as Array<keyof ClientData>).filter((k) => (before[k] ?? null) !== (input[k] ?? null));
  await audit(ctx, "client.updated", id, { fields: changed });
  return summary({ ...before, ...input });
}
