import { NextResponse, type NextRequest } from "next/server";
import { readJson, signUp, signUpSchema } from "@/lib/auth";
import { requestInfo } from "@/lib/auth/request-info";
import { ApiError, publicRoute } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";

/** Apex: creates the owner account and a trial tenant. The client then signs in like anyone else. */
export const POST = publicRoute(async (request: NextRequest) => {
  if (classifyHost(request.headers.get("host")).kind !== "apex") throw new ApiError("not_found", "Not found.");
  const input = await readJson(request, signUpSchema);
  const created = await signUp(input, requestInfo(request.headers));
  return NextResponse.json({ slug: created.slug, email: input.email }, { status: 201 });
});
