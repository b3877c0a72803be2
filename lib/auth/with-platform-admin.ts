import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { platformAccess, type PlatformDb, type PlatformPurpose } from "@/lib/db";
import { PlatformSubjectGone } from "@/lib/db/platform-db";
import { ApiError, assertAcceptableRequest, requestBody, serveRequest } from "@/lib/http";
import { routePattern } from "@/lib/observability";
import { adminCookieName, assertConsoleOrigin, resolveAdminSession, type AdminSession } from "./admin-session";
import { requestInfo, type RequestInfo } from "./request-info";
import type { PlatformUser } from "./tenant-session";

/*
 * The support console's entry points: the admin host only, its own cookie, a
 * user who is a platform admin right now (re-read per request) and, for every
 * console route, a second factor. Each use goes through withPlatformAccess,
 * which writes the platform audit record before the handler reads anything.
 * Anyone else gets the same 404 as a path that does not exist.
 */

export interface PlatformAdminContext {
  admin: PlatformUser;
  db: PlatformDb;
  request: RequestInfo;
}

type Purpose<P> = (request: NextRequest, params: P) => PlatformPurpose | Promise<PlatformPurpose>;
type Handler<P> = (request: NextRequest, ctx: PlatformAdminContext, route: { params: Promise<P> }) => Promise<Response>;
type Route<P> = (request: NextRequest, route: { params: Promise<P> }) => Promise<Response>;

/** Runs `fn` as an audited platform access by `admin`. */
export function asPlatformAdmin<T>(admin: PlatformUser, info: RequestInfo, purpose: PlatformPurpose, fn: (db: PlatformDb) => Promise<T>): Promise<T> {
  return platformAccess().withPlatformAccess({ userId: admin.userId, ip: info.ip, requestId: info.requestId }, purpose, fn);
}

function adminRoute<P>(stage: "setup" | "console", purpose: Purpose<P>, handler: Handler<P>): Route<P> {
  return async (request, route) => {
    const info = requestInfo(request.headers);
    const params = (await Promise.resolve(route?.params).catch(() => undefined)) as P | undefined;
    const meta = {
      requestId: info.requestId ?? randomUUID(),
      route: routePattern(request.nextUrl.pathname, params as Record<string, string | string[]> | undefined),
      channel: "platform",
      method: request.method,
    };
    return serveRequest(meta, async () => {
      assertAcceptableRequest(request);
      await requestBody(request);
      const session: AdminSession | null = await resolveAdminSession(request.headers.get("host"), request.cookies.get(adminCookieName())?.value);
      if (!session) throw new ApiError("not_found", "Not found.");
      assertConsoleOrigin(request);
      if (stage === "console" && !session.secondFactor) {
        throw new ApiError("forbidden", "Set up two-factor sign-in first: open /two-factor on the admin console.", undefined, undefined, { reason: "two_factor_setup_required" });
      }
      // The purpose may validate the body: bad input is refused before anything, even the audit, is written.
      const purposeOf = await purpose(request, (params ?? {}) as P);
      try {
        return await asPlatformAdmin(session.admin, info, purposeOf, (db) => handler(request, { admin: session.admin, db, request: info }, route));
      } catch (error) {
        if (error instanceof PlatformSubjectGone) throw new ApiError("not_found", "No workspace with this id.");
        throw error;
      }
    });
  };
}

/** A console route: platform admin with a second factor. */
export function withPlatformAdmin<P = Record<string, never>>(options: { purpose: Purpose<P> }, handler: Handler<P>): Route<P> {
  return adminRoute("console", options.purpose, handler);
}

/** The two-factor setup itself: a signed-in platform admin who may not have a second factor yet. */
export function withPlatformAdminSetup<P = Record<string, never>>(options: { purpose: Purpose<P> }, handler: Handler<P>): Route<P> {
  return adminRoute("setup", options.purpose, handler);
}
