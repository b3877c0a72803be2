import { z } from "zod";
import { PASSWORD_MAX, newPasswordSchema, personNameSchema } from "./credentials-rules";

/*
 * Inputs of the Account page, shared by its forms and its route handlers
 * (this file imports nothing server-only, so client components may use it).
 * The new password follows sign-up's rules; the current one is only bounded.
 */

export const changeNameSchema = z.object({ name: personNameSchema });
export type ChangeNameInput = z.infer<typeof changeNameSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ message: "Enter your current password" })
    .min(1, "Enter your current password")
    .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
