import "server-only";
export { hashPassword, verifyPassword } from "./password-hash";
export { normalizeEmail, emailSchema, newPasswordSchema, passwordSchema } from "./credentials-rules";
export {
  PERMISSIONS,
  ACTIONS,
  ROLES,
  can,
  allowedInStatus,
  isTenantActive,
  canChangeMemberRole,
  canRemoveMember,
  canInviteAs,
  type Action,
} from "./permissions";
export { canChange } from "./user-can";
export { withTenantUser, tenantAction, readJson, type TenantUserContext, type ActionResult } from "./with-tenant-user";
export { auditMemberChange, memberActor, memberAuditEntry, type MemberActor } from "./member-audit";
export { withPlatformAdmin, withPlatformAdminSetup, asPlatformAdmin, type PlatformAdminContext } from "./with-platform-admin";
export { requireTenantPage, requireTenantMember, requirePlatformAdminPage, currentAdminSession, sessionMemberships } from "./tenant-page";
export { authOptions, enabledOAuthProviders } from "./next-auth-options";
export { nextAuthRequest } from "./next-auth-request";
export { SIGN_IN_MESSAGES, SignInError, verifyCredentials, signInWithPassword } from "./sign-in";
export { signUp, signUpSchema, REGIONS, LANGUAGES, TRIAL_DAYS } from "./sign-up";
export { changePassword } from "./account";
export type { TenantUser, PlatformUser } from "./tenant-session";
export { deleteWorkspace, deleteWorkspaceSchema, type DeleteWorkspaceInput, type DeletedWorkspace } from "./tenant-deletion";
