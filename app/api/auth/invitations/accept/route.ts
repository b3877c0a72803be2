import { NextResponse, type NextRequest } from "next/server";
import { acceptInvitation } from "@/lib/auth/team";
import { requestInfo } from "@/lib/auth/request-info";
import { publicRoute, readJsonBody } from "@/lib/http";

/** Apex: accepts an invitation (new or existing account). The client then signs in. */
export const POST = publicRoute(async (request: NextRequest) =>
  NextResponse.json(await acceptInvitation(await readJsonBody(request), requestInfo(request.headers))),
);
