import "server-only";
import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { tenantDb, type TenantDb } from "@/lib/db";
import {
  ApiError,
  apiErrorStatus,
  assertAcceptableRequest,
  assertStorableText,
  failureOf,
  parseHost,
  parseOrigin,
  readJsonBody,
  requestBody,
  sameHost,
  serveRequest,
  type ApiErrorBody,
} from "@/lib/http";
import { attributeRequestToTenant, routePattern, runRequest } from "@/lib/observability";
import { runAsTenant } from "@/lib/tenancy";
import { assertConsoleWritable } from "@/lib/billing/console-guard";
import { isOwnHost } from "@/lib/tenancy/tenant-host";
import { supportCookieName } from "@/lib/platform/support/support-cookie";
import type { Action } from "./permissions";
import { requestInfo, type RequestInfo } from "./request-info";
import { encodeSessionToken, sessionCookieName, sessionCookieOptions } from "./session-token";
import { claimsForTenantUser, type TenantUser } from "./tenant-session";
import { apiErrorFor, resolveTenantUser } from "./tenant-user";

/*
 * The browser-user entry points. A handler names the action it performs (the
 * permission table decides which roles may) and receives the checked user and
 * the tenant-scoped client, already inside the tenant context: it never sees
 * or passes a tenant id.
 */

export interface TenantUserContext {
  user: TenantUser;
  db: TenantDb;
  request: RequestInfo;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/*
 * Cookies are SameSite=Lax, which already keeps cross-site POSTs anonymous;
 * this also refuses a same-site but foreign origin (another tenant's page
 * posting to this tenant's API).
 */
function assertSameOrigin(request: NextRequest): void {
  const origin = parseOrigin(request.headers.get("origin"));
  if (origin === null) return;
  const host = parseHost(request.headers.get("host"));
  if (origin.opaque || !host || !sameHost(origin.host, host, origin.scheme) || !isOwnHost(origin.host.hostname)) {
    throw new ApiError("forbidden", "Cross-origin request refused.");
  }
}

type RouteContext<P> = { params: Promise<P> };

export function withTenantUser<P = Record<string, never>>(
  options: { action: Action },
  handler: (request: NextRequest, ctx: TenantUserContext, route: RouteContext<P>) => Promise<Response>,
): (request: NextRequest, route: RouteContext<P>) => Promise<Response> {
  return async (request, route) => {
    const info = requestInfo(request.headers);
    const requestId = info.requestId ?? randomUUID();
    const params = (await Promise.resolve(route?.params).catch(() => undefined)) as Record<string, string | string[]> | undefined;
    const meta = { requestId, route: routePattern(request.nextUrl.pathname, params), channel: "console", method: request.method };
    return serveRequest(meta, async () => {
      assertAcceptableRequest(request);
      if (!SAFE_METHODS.has(request.method)) {
        assertSameOrigin(request);
        // Read (and refused, if hostile) even when the handler ignores it.
        await requestBody(request);
      }
      assertStorableText(Object.fromEntries(request.nextUrl.searchParams));
      const resolved = await resolveTenantUser(request.headers.get("host"), request.cookies.get(sessionCookieName())?.value, options.action, {
        support: request.cookies.get(supportCookieName())?.value,
        write: !SAFE_METHODS.has(request.method),
      });
      if (resolved.kind !== "ok") throw apiErrorFor(resolved, options.action);
      const user = resolved.user;
      attributeRequestToTenant(user.tenantId);
      const response = await runAsTenant(user.tenantId, async () => {
        // Billing's lifecycle decides what may still change (console-guard.ts); reads are never refused for it.
        if (!SAFE_METHODS.has(request.method)) await assertConsoleWritable(tenantDb(), options.action);
        return handler(request, { user, db: tenantDb(), request: info }, route);
      });
      if (resolved.stale && !response.headers.has("set-cookie")) {
        // The role or membership version moved on: refresh this host's copy.
        const value = await encodeSessionToken(claimsForTenantUser(user));
        const cookie = sessionCookieOptions();
        response.headers.append(
          "set-cookie",
          `${sessionCookieName()}=${value}; Path=${cookie.path}; Max-Age=${cookie.maxAge}; HttpOnly; SameSite=Lax${cookie.secure ? "; Secure" : ""}`,
        );
      }
      return response;
    });
  };
}

/** Parses a JSON body (lib/http's one reader) with `schema`; bad input is a 4xx naming the field. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  return schema.parse(await readJsonBody(request));
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody["error"] };

/**
 * Server-action flavour: same checks, and errors come back as a value (server
 * actions have no status code) in the same `{ code, message, field }` shape.
 */
export function tenantAction<S extends z.ZodType, T>(
  options: { action: Action; input: S },
  handler: (input: z.infer<S>, ctx: TenantUserContext) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (raw) => {
    const h = await headers();
    const info = requestInfo(h);
    const meta = { requestId: info.requestId ?? randomUUID(), route: `action:${options.action}`, channel: "console", method: "POST" };
    return runRequest<ActionResult<T>>(
      meta,
      async () => {
        const jar = await cookies();
        // A server action always changes something: support mode refuses it unless the owner allowed changes.
        const resolved = await resolveTenantUser(h.get("host"), jar.get(sessionCookieName())?.value, options.action, {
          support: jar.get(supportCookieName())?.value,
          write: true,
        });
        if (resolved.kind !== "ok") throw apiErrorFor(resolved, options.action);
        const user = resolved.user;
        attributeRequestToTenant(user.tenantId);
        const fields = raw instanceof FormData ? Object.fromEntries(raw) : raw;
        assertStorableText(fields);
        const input = options.input.parse(fields);
        const data = await runAsTenant(user.tenantId, async () => {
          await assertConsoleWritable(tenantDb(), options.action);
          return handler(input, { user, db: tenantDb(), request: info });
        });
        return { ok: true, data };
      },
      (error) => {
        const { code, message, field } = failureOf(error, meta.requestId).body.error;
        return { ok: false, error: { code, message, ...(field ? { field } : {}) } };
      },
      (result) => (result.ok ? 200 : apiErrorStatus(result.error.code)),
    );
  };
}
