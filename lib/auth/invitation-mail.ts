import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { MemberRole } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db";
import { withinPlan } from "@/lib/billing/plan-limits";
import { sendEmail } from "./outgoing-email";

/*
 * Issuing an invitation, shared by a manager inviting from Team and by
 * Frontdesk support (provisioning a workspace's owner, resending): it
 * replaces any pending invitation for the address, takes a seat under the
 * plan's lock and mails the single-use link. Runs in the tenant's context.
 */

export const INVITATION_TTL_DAYS = 7;

export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface InvitationRequest {
  email: string;
  role: MemberRole;
  invitedById: string | null;
  /** Who the email says invited them: a member's name, or "Frontdesk support". */
  inviterName: string;
  tenantName: string;
  tenantSlug: string;
  apexOrigin: string;
}

export async function issueInvitation(db: TenantDb, input: InvitationRequest, now = new Date()) {
  const token = randomBytes(32).toString("base64url");
  // A seat is a member or a pending invitation; the plan's seats bound both (lib/billing).
  const invitation = await withinPlan(
    db,
    "seats",
    async (tx) => {
      // A new invitation replaces any pending one for the same address.
      await tx.invitation.updateMany({ where: { email: input.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
      return tx.invitation.create({
        data: {
          email: input.email,
          role: input.role,
          tokenHash: hashInvitationToken(token),
          invitedById: input.invitedById,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 3600 * 1000),
        },
      });
    },
    { replacingInvitationFor: input.email },
  );
  const link = `${input.apexOrigin}/invite/${input.tenantSlug}/${token}`;
  await sendEmail(db, {
    kind: "invitation",
    to: input.email,
    subject: `${input.inviterName} invited you to ${input.tenantName} on Frontdesk`,
    text: [
      `${input.inviterName} invited you to join ${input.tenantName} on Frontdesk as ${input.role}.`,
      "",
      `Accept the invitation: ${link}`,
      "",
      `The link works once and expires in ${INVITATION_TTL_DAYS} days.`,
    ].join("\n"),
  });
  return invitation;
}
