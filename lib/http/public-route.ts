import "server-only";
import { errorResponse } from "./api-error";
import { requestBody } from "./request-body";
import { assertAcceptableRequest } from "./request-guard";

/*
 * The wrapper of routes that have no caller-specific one (sign-in hops,
 * sign-up, invitations, sign-out, the language switch, the widget script):
 * the request passes the same guard as everywhere else, its body (if any)
 * passes the one reader even when the route ignores it, and anything thrown
 * becomes the one error shape instead of Next's bare 500.
 */
export function publicRoute<R extends Request = Request, C = unknown>(
  handler: (request: R, context: C) => Response | Promise<Response>,
): (request: R, context?: C) => Promise<Response> {
  return async (request, context) => {
    try {
      assertAcceptableRequest(request);
      await requestBody(request);
      return await handler(request, context as C);
    } catch (error) {
      return errorResponse(error, request.headers.get("x-request-id") ?? undefined);
    }
  };
}
