import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { startGoogleConnect, startGoogleConnectInput } from "@/lib/calendar";

/** Starts connecting a resource's Google Calendar with a Google account: answers the consent URL to open. */
export const POST = withTenantUser({ action: "keys.manage" }, async (request, ctx) => {
  const { resourceId } = await readJson(request, startGoogleConnectInput);
  return NextResponse.json(await startGoogleConnect(ctx, resourceId, request.headers));
});
