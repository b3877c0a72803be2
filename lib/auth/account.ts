import { ApiError } from "@/lib/http";
import { newPasswordSchema } from "./credentials-rules";
import { hashPassword, verifyPassword } from "./password-hash";
import type { TenantUserContext } from "./with-tenant-user";

/**
 * Changes the caller's password. The token version bump ends every session
 * of the user, on every host, at its next request (this one included: the
 * caller signs in again with the new password).
 */
export async function changePassword(ctx: TenantUserContext, currentPassword: string, newPassword: string): Promise<void> {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.user.userId } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new ApiError("bad_request", "currentPassword: The current password is incorrect.", "currentPassword");
  }
  const parsed = newPasswordSchema.safeParse(newPassword);
  if (!parsed.success) throw new ApiError("bad_request", `newPassword: ${parsed.error.issues[0]!.message}`, "newPassword");
  await ctx.db.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(parsed.data), tokenVersion: { increment: 1 } },
  });
  await ctx.db.auditEvent.create({
    data: {
      action: "user.password_changed",
      actorUserId: user.id,
      target: `user:${user.id}`,
      ip: ctx.request.ip,
      requestId: ctx.request.requestId,
    },
  });
}
