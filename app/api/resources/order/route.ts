import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { reorderResources, resourceOrderSchema } from "@/lib/resources";

export const PUT = withTenantUser({ action: "settings.manage" }, async (request, ctx) => {
  const { ids } = await readJson(request, resourceOrderSchema);
  await reorderResources(ctx, ids);
  return NextResponse.json({ ids });
});
