import { NextResponse } from "next/server";
import { deleteWorkspace, deleteWorkspaceSchema, readJson, withTenantUser } from "@/lib/auth";
import { signDeletionNotice } from "@/lib/auth/deletion-notice";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { UI_LOCALE_COOKIE, pickUiLocale } from "@/lib/i18n";
import { apexOrigin } from "@/lib/tenancy/tenant-host";

/*
 * Owner only: deletes this workspace and everything in it, after the typed
 * address and the owner's password. This host's cookie is for a tenant that
 * no longer exists, so it is cleared; the browser goes on to the apex, which
 * says what happened in the console's language (read now: afterwards there
 * is no tenant left to read it from).
 */
export const DELETE = withTenantUser({ action: "tenant.delete" }, async (request, ctx) => {
  const input = await readJson(request, deleteWorkspaceSchema);
  const tenant = await ctx.db.tenant.findFirst({ select: { locale: true } });
  const locale = pickUiLocale(request.cookies.get(UI_LOCALE_COOKIE)?.value, tenant?.locale);
  const deleted = await deleteWorkspace(ctx, input);
  const landing = new URL("/sign-in", apexOrigin(request.headers));
  landing.searchParams.set("deleted", signDeletionNotice(deleted.slug));
  landing.searchParams.set("lang", locale);
  const response = NextResponse.json({ deleted: deleted.slug, redirectTo: landing.toString() });
  clearSessionCookie(response);
  return response;
});
