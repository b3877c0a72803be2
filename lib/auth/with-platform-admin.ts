import "server-only";
import type { NextRequest } from "next/server";
import { platformAccess, type PlatformDb, type PlatformPurpose } from "@/lib/db";
import { ApiError, assertAcceptableRequest, errorResponse, requestBody } from "@/lib/http";
import { classifyHost } from "@/lib/tenancy/tenant-host";
import { requestInfo, type RequestInfo } from "./request-info";
import { decodeSessionToken, sessionCookieName } from "./session-token";
import { checkPlatformSession, type PlatformUser } from "./tenant-session";

/*
 * The support-console entry point: apex host only, a live session of a user
 * who is a platform admin right now (re-read per request), and every use goes
 * through withPlatformAccess, which writes the audit record before the work.
 * Anyone else gets the same 404 as a path that does not exist.
 */

export interface PlatformAdminContext {
  admin: PlatformUser;
  db: PlatformDb;
  request: RequestInfo;
}

export async function resolvePlatformAdmin(host: string | null, sessionCookie: string | undefined): Promise<PlatformUser | null> {
  if (classifyHost(host).kind !== "apex") return null;
  return checkPlatformSession(await decodeSessionToken(sessionCookie));
}

/** Runs `fn` as an audited platform access by `admin`. */
export function asPlatformAdmin<T>(
  admin: PlatformUser,
  info: RequestInfo,
  purpose: PlatformPurpose,
  fn: (db: PlatformDb) => Promise<T>,
): Promise<T> {
  return platformAccess().withPlatformAccess({ userId: admin.userId, ip: info.ip, requestId: info.requestId }, purpose, fn);
}

export function withPlatformAdmin<P = Record<string, never>>(
  options: { purpose: (request: NextRequest) => PlatformPurpose },
  handler: (request: NextRequest, ctx: PlatformAdminContext, route: { params: Promise<P> }) => Promise<Response>,
): (request: NextRequest, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    const info = requestInfo(request.headers);
    try {
      assertAcceptableRequest(request);
      await requestBody(request);
      const admin = await resolvePlatformAdmin(request.headers.get("host"), request.cookies.get(sessionCookieName())?.value);
      if (!admin) throw new ApiError("not_found", "Not found.");
      return await asPlatformAdmin(admin, info, options.purpose(request), (db) => handler(request, { admin, db, request: info }, route));
    } catch (error) {
      return errorResponse(error, info.requestId ?? undefined);
    }
  };
}
