import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { createFaqEntry, faqEntrySchema, listFaqEntries } from "@/lib/settings";

export const GET = withTenantUser({ action: "settings.view" }, async (_request, ctx) => NextResponse.json({ entries: await listFaqEntries(ctx.db) }));

export const POST = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await createFaqEntry(ctx, await readJson(request, faqEntrySchema)), { status: 201 }),
);
