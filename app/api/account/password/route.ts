import { z } from "zod";
import { changePassword, readJson, withTenantUser } from "@/lib/auth";

const schema = z.object({
  currentPassword: z.string({ message: "Enter your current password" }).min(1, "Enter your current password").max(128),
  newPassword: z.string({ message: "Choose a new password" }),
});

export const POST = withTenantUser({ action: "dashboard.view" }, async (request, ctx) => {
  const input = await readJson(request, schema);
  await changePassword(ctx, input.currentPassword, input.newPassword);
  return new Response(null, { status: 204 });
});
