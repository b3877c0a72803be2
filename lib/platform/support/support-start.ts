import "server-only";
import type { PlatformDb } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { hashSupportToken, newSupportToken } from "./support-cookie";
import { SUPPORT_TICKET_TTL_SECONDS, type StartSupportInput } from "./support-schemas";

/*
 * Opening a support session, on the admin host through the audited platform
 * client. It returns a ticket, never a cookie: the admin's browser carries
 * the ticket to the tenant's own host, which redeems it once (support-principal.ts).
 */

export interface StartedSupportSession {
  sessionId: string;
  ticket: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  tenant: { id: string; slug: string; name: string; locale: string; timezone: string; supportWritesAllowed: boolean };
  ownerEmails: string[];
}

export async function startSupportSession(
  db: PlatformDb,
  input: StartSupportInput & { tenantId: string; adminUserId: string; adminSessionId: string },
  now: Date,
): Promise<StartedSupportSession> {
  const tenant = await db.tenant.findUnique({
    where: { id: input.tenantId },
    select: { id: true, slug: true, name: true, locale: true, timezone: true, supportWritesAllowed: true },
  });
  if (!tenant) throw new ApiError("not_found", "No such tenant.");
  const ticket = newSupportToken();
  const expiresAt = new Date(now.getTime() + input.minutes * 60_000);
  const session = await db.$transaction(async (tx) => {
    // One live session per admin and tenant: a new start retires the previous cookie.
    await tx.supportSession.updateMany({
      where: { tenantId: tenant.id, adminUserId: input.adminUserId, endedAt: null },
      data: { endedAt: now, endReason: "superseded" },
    });
    return tx.supportSession.create({
      data: {
        tenantId: tenant.id,
        adminUserId: input.adminUserId,
        adminSessionId: input.adminSessionId,
        reason: input.reason,
        startedAt: now,
        expiresAt,
        ticketHash: hashSupportToken(ticket),
        ticketExpiresAt: new Date(now.getTime() + SUPPORT_TICKET_TTL_SECONDS * 1000),
      },
      select: { id: true },
    });
  });
  const owners = await db.membership.findMany({
    where: { tenantId: tenant.id, role: "owner" },
    select: { user: { select: { email: true } } },
  });
  return { sessionId: session.id, ticket, reason: input.reason, startedAt: now, expiresAt, tenant, ownerEmails: owners.map((o) => o.user.email) };
}
