import { NextResponse, type NextRequest } from "next/server";
import { safeNextPath } from "@/lib/auth/session-handoff";
import { publicRoute } from "@/lib/http";
import { apexOrigin, classifyHost } from "@/lib/tenancy/tenant-host";

/*
 * Tenant host without a session: send the browser to the apex, which hands
 * the session over or asks to sign in. proxy.ts rewrites here rather than
 * redirecting itself because Next turns a proxy redirect whose host matches
 * its internal URL (the apex, in dev) into a relative one, which would stay
 * on the tenant host.
 */
export const GET = publicRoute((request: NextRequest) => {
  const host = classifyHost(request.headers.get("host"));
  const to = new URL("/api/auth/continue", apexOrigin(request.headers));
  if (host.kind === "tenant") to.searchParams.set("to", host.slug);
  // Set by proxy.ts, which drops any copy the client sent.
  const next = request.headers.get("x-frontdesk-return-to");
  if (next) to.searchParams.set("next", safeNextPath(next));
  return NextResponse.redirect(to, 307);
});
