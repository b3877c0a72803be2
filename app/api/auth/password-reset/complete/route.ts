import { NextResponse, type NextRequest } from "next/server";
import { completePasswordReset } from "@/lib/auth/password-reset";
import { requestInfo } from "@/lib/auth/request-info";
import { ApiError, errorResponse } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";

/** Apex: uses a reset ticket once; every session of the account ends. */
export async function POST(request: NextRequest) {
  const info = requestInfo(request.headers);
  try {
    if (classifyHost(request.headers.get("host")).kind !== "apex") throw new ApiError("not_found", "Not found.");
    const body = await request.json().catch(() => {
      throw new ApiError("bad_request", "The request body must be JSON.");
    });
    return NextResponse.json(await completePasswordReset(body, info), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, info.requestId ?? undefined);
  }
}
