import { NextResponse, type NextRequest } from "next/server";
import { readJson, signUp, signUpSchema } from "@/lib/auth";
import { requestInfo } from "@/lib/auth/request-info";
import { errorResponse } from "@/lib/http";
import { ApiError } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";

/** Apex: creates the owner account and a trial tenant. The client then signs in like anyone else. */
export async function POST(request: NextRequest) {
  const info = requestInfo(request.headers);
  try {
    if (classifyHost(request.headers.get("host")).kind !== "apex") throw new ApiError("not_found", "Not found.");
    const input = await readJson(request, signUpSchema);
    const created = await signUp(input, info);
    return NextResponse.json({ slug: created.slug, email: input.email }, { status: 201 });
  } catch (error) {
    return errorResponse(error, info.requestId ?? undefined);
  }
}
