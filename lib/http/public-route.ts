import "server-only";
import { randomUUID } from "node:crypto";
import { routePattern } from "@/lib/observability";
import { requestBody } from "./request-body";
import { assertAcceptableRequest } from "./request-guard";
import { serveRequest } from "./serve-request";

/*
 * The wrapper of routes that have no caller-specific one (sign-in hops,
 * sign-up, invitations, sign-out, the language switch, next-auth): the
 * request passes the same guard as everywhere else, its body (if any) passes
 * the one reader even when the route ignores it, and it runs under the
 * request lifecycle (deadline, log line, metrics) with anything thrown
 * answered in the one error shape instead of Next's bare 500.
 */
export function publicRoute<R extends Request = Request, C = unknown>(
  handler: (request: R, context: C) => Response | Promise<Response>,
): (request: R, context?: C) => Promise<Response> {
  return async (request, context) => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    const params = (await Promise.resolve((context as { params?: unknown } | undefined)?.params).catch(() => undefined)) as
      | Record<string, string | string[]>
      | undefined;
    const meta = { requestId, route: routePattern(new URL(request.url).pathname, params), channel: "public", method: request.method };
    return serveRequest(meta, async () => {
      assertAcceptableRequest(request);
      await requestBody(request);
      return handler(request, context as C);
    });
  };
}
