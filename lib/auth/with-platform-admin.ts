import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { platformAccess, type PlatformDb, type PlatformPurpose } from "@/lib/db";
import { ApiError, serveRequest } from "@/lib/http";
import { routePattern } from "@/lib/observability";
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
    const params = (await Promise.resolve(route?.params).catch(() => undefined)) as Record<string, string | string[]> | undefined;
    const meta = {
      requestId: info.requestId ?? randomUUID(),
      route: routePattern(request.nextUrl.pathname, params),
      channel: "platform",
      method: request.method,
    };
    return serveRequest(meta, async () => {
      const admin = await resolvePlatformAdmin(request.headers.get("host"), request.cookies.get(sessionCookieName())?.value);
      if (!admin) throw new ApiError("not_found", "Not found.");
      return await asPlatformAdmin(admin, info, options.purpose(request), (db) => handler(request, { admin, db, request: info }, route));
    });
  };
}
