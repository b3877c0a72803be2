import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { idParam } from "@/lib/console/route-params";
import { deleteFaqEntry, faqEntrySchema, updateFaqEntry } from "@/lib/settings";

export const PATCH = withTenantUser<{ id: string }>({ action: "settings.manage" }, async (request, ctx, route) => {
  const id = await idParam(route.params, "FAQ entry");
  return NextResponse.json(await updateFaqEntry(ctx, id, await readJson(request, faqEntrySchema)));
});

export const DELETE = withTenantUser<{ id: string }>({ action: "settings.manage" }, async (_request, ctx, route) => {
  await deleteFaqEntry(ctx, await idParam(route.params, "FAQ entry"));
  return new Response(null, { status: 204 });
});
