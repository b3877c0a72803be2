import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { ApiError } from "@/lib/http";
import { deleteProviderKey, providerKeyRefSchema, providerKeyValueSchema, saveProviderKey } from "@/lib/settings";

type Params = { provider: string; name: string };

async function keyRef(params: Promise<Params>) {
  const parsed = providerKeyRefSchema.safeParse(await params);
  if (!parsed.success) throw new ApiError("not_found", "Unknown provider key.");
  return parsed.data;
}

export const PUT = withTenantUser<Params>({ action: "keys.manage" }, async (request, ctx, route) => {
  const ref = await keyRef(route.params);
  const { value } = await readJson(request, providerKeyValueSchema(ref.provider, ref.name));
  const saved = await saveProviderKey(ctx, ref.provider, ref.name, value);
  return NextResponse.json({ provider: saved.provider, name: saved.name, last4: saved.last4, updatedAt: saved.updatedAt });
});

export const DELETE = withTenantUser<Params>({ action: "keys.manage" }, async (_request, ctx, route) => {
  const ref = await keyRef(route.params);
  if (!(await deleteProviderKey(ctx, ref.provider, ref.name))) throw new ApiError("not_found", "This key is not stored.");
  return new Response(null, { status: 204 });
});
