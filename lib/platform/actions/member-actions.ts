import "server-only";
import { z } from "zod";
import { tenantDb } from "@/lib/db";
import { issueInvitation } from "@/lib/auth/invitation-mail";
import { loginThrottle, signInThrottleKeys } from "@/lib/auth/login-throttle";
import { ApiError } from "@/lib/http";
import { runAsTenant } from "@/lib/tenancy";
import { defineTenantAction, reasonSchema } from "./action-types";

/*
 * Helping a tenant's people in: an invitation sent again (the Team page's own
 * machinery, in the tenant's context, so it replaces the pending one and
 * holds to the plan's seats) and a sign-in lockout lifted for one member.
 */

export const SUPPORT_SENDER = "Frontdesk support";

const uuid = () => z.uuid({ message: "Not a valid id" });

export const resendInvitationAction = defineTenantAction({
  name: "resend-invitation",
  audit: "invitation.support_resent",
  input: z.object({ invitationId: uuid(), reason: reasonSchema }),
  async check(input, tenant, _now, lookup) {
    const invitation = await lookup.invitation(tenant.id, input.invitationId);
    if (!invitation) throw new ApiError("not_found", "invitationId: No invitation with this id in this workspace.", "invitationId");
    if (invitation.accepted) throw new ApiError("conflict", "invitationId: This invitation was already accepted.", "invitationId");
    // Who may enter is the workspace's decision (support mode never invites either): a revoked one stays revoked.
    if (invitation.revoked) throw new ApiError("conflict", "invitationId: The workspace revoked this invitation; only its owner or admins can invite this person again.", "invitationId");
  },
  describe: (input) => ({ target: `invitation:${input.invitationId}` }),
  async run({ db, tenant, input, request, now }) {
    const previous = await db.invitation.findFirstOrThrow({ where: { tenantId: tenant.id, id: input.invitationId }, select: { email: true, role: true } });
    const invitation = await runAsTenant(tenant.id, () =>
      issueInvitation(
        tenantDb(),
        {
          email: previous.email,
          role: previous.role,
          invitedById: request.adminUserId,
          inviterName: SUPPORT_SENDER,
          tenantName: tenant.name,
          tenantSlug: tenant.slug,
          apexOrigin: request.apexOrigin,
        },
        now,
      ),
    );
    return { invitationId: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt.toISOString() };
  },
});

export const clearLockoutAction = defineTenantAction({
  name: "clear-lockout",
  audit: "member.support_lockout_cleared",
  input: z.object({ userId: uuid(), reason: reasonSchema }),
  async check(input, tenant, _now, lookup) {
    if (!(await lookup.isMember(tenant.id, input.userId))) throw new ApiError("not_found", "userId: No member with this id in this workspace.", "userId");
  },
  describe: (input) => ({ target: `user:${input.userId}` }),
  async run({ db, input }) {
    const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } });
    // The email's lock only: a lock on a client address covers other people's attempts too.
    const keys = signInThrottleKeys(user.email, null);
    const throttle = loginThrottle();
    const wasLocked = (await throttle.lockedUntil(keys)) !== null;
    await throttle.unlock(keys);
    return { wasLocked };
  },
});
