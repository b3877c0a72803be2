import { NextResponse, type NextRequest } from "next/server";
import { acceptInvitation } from "@/lib/auth/team";
import { requestInfo } from "@/lib/auth/request-info";
import { ApiError, errorResponse } from "@/lib/http";

/** Apex: accepts an invitation (new or existing account). The client then signs in. */
export async function POST(request: NextRequest) {
  const info = requestInfo(request.headers);
  try {
    const body = await request.json().catch(() => {
      throw new ApiError("bad_request", "The request body must be JSON.");
    });
    return NextResponse.json(await acceptInvitation(body, info));
  } catch (error) {
    return errorResponse(error, info.requestId ?? undefined);
  }
}
