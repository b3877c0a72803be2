import { NextResponse, type NextRequest } from "next/server";
import { handBackGoogleConsent } from "@/lib/calendar";
import { publicRoute } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";

/** Google's redirect after consent: the one registered URI, on the apex; hands the browser to its tenant host's finish route. */
export const GET = publicRoute(async (request: NextRequest) => {
  if (classifyHost(request.headers.get("host")).kind !== "apex") return NextResponse.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  return NextResponse.redirect(await handBackGoogleConsent(request.nextUrl.searchParams, request.headers), 303);
});
