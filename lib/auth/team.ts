import "server-only";
import { z } from "zod";
import type { MemberRole } from "@/lib/db/generated/client";
import { tenantDb } from "@/lib/db";
import { limitRefusal } from "@/lib/billing/plan-limits";
import { ApiError } from "@/lib/http";
import { runAsTenant } from "@/lib/tenancy";
import { resolveTenantIdBySlug } from "@/lib/tenancy/tenant-lookup";
import { emailSchema, newPasswordSchema, passwordSchema, personNameSchema } from "./credentials-rules";
import { acceptInvitationRow, findUserByEmail } from "./identity-store";
import { INVITATION_TTL_DAYS, hashInvitationToken, issueInvitation } from "./invitation-mail";
import { hashPassword } from "./password-hash";
import { ROLES, canChangeMemberRole, canInviteAs, canRemoveMember } from "./permissions";
import { auditInTenant, type RequestInfo } from "./request-info";
import { SignInError, verifyCredentials } from "./sign-in";
import type { TenantUserContext } from "./with-tenant-user";
import { auditMemberChange } from "./member-audit";

/*
 * Team management inside one tenant (every function here runs in the tenant
 * context set by withTenantUser) and invitation acceptance, which starts
 * outside it: the invitee has no session yet.
 */

export { INVITATION_TTL_DAYS };

const roleSchema = z.enum(ROLES, { message: "Choose a role: owner, admin, staff or viewer" });

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
export const changeRoleSchema = z.object({ role: roleSchema });
export const idSchema = z.uuid({ message: "Not a valid id" });

export { hashInvitationToken };


export async function listTeam(ctx: TenantUserContext) {
  const [members, invitations] = await Promise.all([
    ctx.db.membership.findMany({ include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } }),
    ctx.db.invitation.findMany({
      where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    members: members.map((m) => ({ id: m.id, userId: m.userId, name: m.user.name, email: m.user.email, role: m.role })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() })),
  };
}

export async function inviteMember(ctx: TenantUserContext, input: z.infer<typeof inviteSchema>, apexOrigin: string) {
  if (!canInviteAs(ctx.user.role, input.role)) {
    throw new ApiError("forbidden", `role: Your role (${ctx.user.role}) cannot invite an ${input.role}.`, "role");
  }
  const existing = await ctx.db.membership.findFirst({ where: { user: { email: input.email } } });
  if (existing) throw new ApiError("conflict", "email: This person is already a member of the team.", "email");

  const invitation = await issueInvitation(ctx.db, {
    email: input.email,
    role: input.role,
    invitedById: ctx.user.userId,
    inviterName: ctx.user.name,
    tenantName: ctx.user.tenantName,
    tenantSlug: ctx.user.tenantSlug,
    apexOrigin,
  });
  await auditMemberChange(ctx, "invitation.sent", `invitation:${invitation.id}`, { email: input.email, role: input.role });
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString() };
}

export async function revokeInvitation(ctx: TenantUserContext, id: string) {
  const { count } = await ctx.db.invitation.updateMany({
    where: { id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new ApiError("not_found", "id: No pending invitation with this id.", "id");
  await auditMemberChange(ctx, "invitation.revoked", `invitation:${id}`);
}

type TeamTx = Parameters<Parameters<TenantUserContext["db"]["$transaction"]>[0]>[0];

/*
 * Counting owners and then writing is a race: two owners demoting each other
 * at once would both see two owners. The owner rows are locked first, so the
 * second transaction waits and then counts what the first committed.
 */
async function assertNotLastOwner(tx: TeamTx, targetRole: MemberRole) {
  if (targetRole !== "owner") return;
  await tx.$queryRaw`SELECT id FROM memberships WHERE role = 'owner' FOR UPDATE`;
  const owners = await tx.membership.count({ where: { role: "owner" } });
  if (owners <= 1) throw new ApiError("conflict", "role: The last owner cannot be demoted or removed; make someone else owner first.", "role");
}

export async function changeMemberRole(ctx: TenantUserContext, membershipId: string, role: MemberRole) {
  const target = await ctx.db.membership.findFirst({ where: { id: membershipId } });
  if (!target) throw new ApiError("not_found", "id: No member with this id.", "id");
  if (!canChangeMemberRole(ctx.user.role, target.role, role)) {
    throw new ApiError("forbidden", `role: Your role (${ctx.user.role}) cannot change this member to ${role}.`, "role");
  }
  if (target.role === role) return { id: target.id, role };
  await ctx.db.$transaction(async (tx) => {
    if (role !== "owner") await assertNotLastOwner(tx, target.role);
    // The version bump is what makes the change apply at the member's next request.
    const { count } = await tx.membership.updateMany({ where: { id: target.id, role: target.role }, data: { role, version: { increment: 1 } } });
    if (count === 0) throw new ApiError("conflict", "role: This member's role changed meanwhile; reload and try again.", "role");
  });
  await auditMemberChange(ctx, "member.role_changed", `user:${target.userId}`, { from: target.role, to: role });
  return { id: target.id, role };
}

export async function removeMember(ctx: TenantUserContext, membershipId: string) {
  const target = await ctx.db.membership.findFirst({ where: { id: membershipId } });
  if (!target) throw new ApiError("not_found", "id: No member with this id.", "id");
  if (!canRemoveMember(ctx.user.role, target.role)) {
    throw new ApiError("forbidden", `Your role (${ctx.user.role}) cannot remove this member.`);
  }
  await ctx.db.$transaction(async (tx) => {
    await assertNotLastOwner(tx, target.role);
    const { count } = await tx.membership.deleteMany({ where: { id: target.id, role: target.role } });
    if (count === 0) throw new ApiError("conflict", "This member's role changed meanwhile; reload and try again.");
  });
  await auditMemberChange(ctx, "member.removed", `user:${target.userId}`, { role: target.role });
}

export const transferOwnershipSchema = z.object({
  membershipId: z.uuid({ message: "Choose the member who becomes owner" }),
});

/*
 * Hands the tenant to another member in one transaction: they become owner,
 * the current owner stays on as admin. Doing it as two role changes would
 * either leave a moment with two owners the caller did not ask for, or be
 * refused half-way by the last-owner rule.
 */
export async function transferOwnership(ctx: TenantUserContext, membershipId: string) {
  if (ctx.user.role !== "owner") throw new ApiError("forbidden", "Only an owner can transfer ownership.");
  const newOwner = await ctx.db.$transaction(async (tx) => {
    const [target, self] = await Promise.all([
      tx.membership.findFirst({ where: { id: membershipId } }),
      tx.membership.findFirst({ where: { userId: ctx.user.userId } }),
    ]);
    if (!target) throw new ApiError("not_found", "membershipId: No member with this id.", "membershipId");
    if (!self || self.role !== "owner") throw new ApiError("forbidden", "Only an owner can transfer ownership.");
    if (target.id === self.id) throw new ApiError("bad_request", "membershipId: You already own this workspace; choose another member.", "membershipId");
    if (target.role === "owner") throw new ApiError("conflict", "membershipId: This member is already an owner.", "membershipId");
    // Conditional on the roles just read, as in changeMemberRole: a concurrent
    // role change or removal of either member wins and this one is refused.
    const promoted = await tx.membership.updateMany({ where: { id: target.id, role: target.role }, data: { role: "owner", version: { increment: 1 } } });
    const demoted = await tx.membership.updateMany({ where: { id: self.id, role: "owner" }, data: { role: "admin", version: { increment: 1 } } });
    if (promoted.count === 0 || demoted.count === 0) {
      throw new ApiError("conflict", "membershipId: A role in this team changed meanwhile; reload and try again.", "membershipId");
    }
    return target;
  });
  await auditMemberChange(ctx, "ownership.transferred", `user:${newOwner.userId}`, { previousRole: newOwner.role, previousOwner: ctx.user.userId });
  return { ownerMembershipId: newOwner.id, yourRole: "admin" as const };
}

// ------------------------------------------------------------ acceptance ---

export const acceptSchema = z.object({
  slug: z.string().min(1).max(63),
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "This invitation link is not valid"),
  name: z.string().optional(),
  password: z.string().optional(),
});

export type InvitationView = {
  tenantName: string;
  email: string;
  role: MemberRole;
  state: "pending" | "used" | "revoked" | "expired";
  hasAccount: boolean;
};

async function findInvitation(slug: string, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const tenantId = await resolveTenantIdBySlug(slug);
  if (!tenantId) return null;
  return runAsTenant(tenantId, async () => {
    const db = tenantDb();
    const invitation = await db.invitation.findFirst({ where: { tokenHash: hashInvitationToken(token) } });
    if (!invitation) return null;
    const tenant = await db.tenant.findFirst({ select: { name: true } });
    return { tenantId, invitation, tenantName: tenant?.name ?? slug };
  });
}

/** What the acceptance page shows; null (→ 404) for an unknown tenant or token alike. */
export async function describeInvitation(slug: string, token: string): Promise<InvitationView | null> {
  const found = await findInvitation(slug, token);
  if (!found) return null;
  const i = found.invitation;
  const state = i.acceptedAt ? "used" : i.revokedAt ? "revoked" : i.expiresAt <= new Date() ? "expired" : "pending";
  return { tenantName: found.tenantName, email: i.email, role: i.role, state, hasAccount: !!(await findUserByEmail(i.email)) };
}

const STATE_MESSAGES = {
  used: "This invitation has already been used.",
  revoked: "This invitation was revoked. Ask for a new one.",
  expired: "This invitation has expired. Ask for a new one.",
} as const;

/**
 * Accepts an invitation: an existing account proves itself with its password
 * (throttled like any sign-in); a new one is created with the given name and
 * password. Returns the email to sign in with.
 */
export async function acceptInvitation(raw: unknown, info: RequestInfo): Promise<{ email: string; slug: string }> {
  const input = acceptSchema.parse(raw);
  const found = await findInvitation(input.slug, input.token);
  if (!found) throw new ApiError("not_found", "token: This invitation link is not valid.", "token");
  const { tenantId, invitation } = found;
  if (invitation.acceptedAt) throw new ApiError("conflict", `token: ${STATE_MESSAGES.used}`, "token");
  if (invitation.revokedAt) throw new ApiError("conflict", `token: ${STATE_MESSAGES.revoked}`, "token");
  if (invitation.expiresAt <= new Date()) throw new ApiError("conflict", `token: ${STATE_MESSAGES.expired}`, "token");

  const existing = await findUserByEmail(invitation.email);
  let name: string | null = null;
  let passwordHash: string | null = null;
  if (existing) {
    const password = passwordSchema.safeParse(input.password);
    if (!password.success) throw new ApiError("bad_request", `password: ${password.error.issues[0]!.message}`, "password");
    try {
      await verifyCredentials({ email: invitation.email, password: password.data }, info);
    } catch (error) {
      // The password is right and the account has a second factor: joining is allowed, signing in will ask for the code.
      if (!(error instanceof SignInError && error.code === "two_factor_required")) {
        throw new ApiError("unauthorized", "password: The password is incorrect.", "password");
      }
    }
  } else {
    const parsedName = personNameSchema.safeParse(input.name);
    if (!parsedName.success) throw new ApiError("bad_request", `name: ${parsedName.error.issues[0]!.message}`, "name");
    const password = newPasswordSchema.safeParse(input.password);
    if (!password.success) throw new ApiError("bad_request", `password: ${password.error.issues[0]!.message}`, "password");
    name = parsedName.data;
    passwordHash = await hashPassword(password.data);
  }

  const result = await acceptInvitationRow({ tenantId, tokenHash: invitation.tokenHash, userName: name, passwordHash });
  switch (result.outcome) {
    case "ok":
      await auditInTenant(tenantId, {
        action: "invitation.accepted",
        actorUserId: result.userId,
        target: `invitation:${result.invitationId}`,
        metadata: { role: result.role, newAccount: !existing },
        ip: info.ip,
        requestId: info.requestId,
      });
      return { email: result.email, slug: input.slug };
    case "used":
    case "revoked":
    case "expired":
      throw new ApiError("conflict", `token: ${STATE_MESSAGES[result.outcome]}`, "token");
    case "invalid":
      throw new ApiError("not_found", "token: This invitation link is not valid.", "token");
    case "seat_limit":
      // The plan changed since the invitation was sent and the team is full.
      throw await runAsTenant(tenantId, () => limitRefusal(tenantDb(), "seats"));
    case "needs_account":
    case "account_exists":
      // The account appeared or vanished between the check and the write: retry.
      throw new ApiError("conflict", "password: Your account changed meanwhile; reload the page and try again.", "password");
  }
}
