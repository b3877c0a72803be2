import { cookies } from "next/headers";
import { cache } from "react";
import { tenantDb } from "@/lib/db";
import { runAsTenant } from "@/lib/tenancy";
import { isUiLocale, pickUiLocale, UI_LOCALE_COOKIE, type UiLocale } from "./ui-locale";

/** The console language for this request: the member's switch, else the tenant's locale. */
export const getUiLocale = cache(async (tenantId: string): Promise<UiLocale> => {
  const chosen = (await cookies()).get(UI_LOCALE_COOKIE)?.value;
  if (isUiLocale(chosen)) return chosen;
  const tenant = await runAsTenant(tenantId, () => tenantDb().tenant.findFirst({ select: { locale: true } }));
  return pickUiLocale(null, tenant?.locale);
});
