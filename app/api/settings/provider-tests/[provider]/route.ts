import { NextResponse } from "next/server";
import { z } from "zod";
import { getAgentMode } from "@/lib/agent";
import { withTenantUser } from "@/lib/auth";
import { TESTABLE_PROVIDERS, testProviderKeys } from "@/lib/settings/provider-key-test";

const providerSchema = z.enum(TESTABLE_PROVIDERS, { message: "Only Twilio, Vapi and the model provider can be tested" });

/** "Test": a harmless read through the provider's own client with the stored keys; the result, never a key. */
export const POST = withTenantUser<{ provider: string }>({ action: "keys.manage" }, async (_request, ctx, route) => {
  const provider = providerSchema.parse((await route.params).provider);
  const model = provider === "openai" ? (await getAgentMode()).model : undefined;
  return NextResponse.json(await testProviderKeys(ctx, provider, model), { headers: { "cache-control": "no-store" } });
});
