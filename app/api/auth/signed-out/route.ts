import { NextResponse, type NextRequest } from "next/server";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { apexOrigin } from "@/lib/tenancy/tenant-host";
import { publicRoute } from "@/lib/http";

// Apex: the session row is already revoked; this only removes the apex's own
// (now useless) cookie, so a GET is harmless.
export const GET = publicRoute((request: NextRequest) => {
  const response = NextResponse.redirect(new URL("/sign-in?signed_out=1", apexOrigin(request.headers)), 303);
  clearSessionCookie(response);
  return response;
});
