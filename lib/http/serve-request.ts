import "server-only";
import { runRequest, type RequestMeta } from "@/lib/observability/request-lifecycle";
import { errorResponse } from "./api-error";

/**
 * A route handler's request under its deadline, logged and measured: a throw
 * or the deadline passing is answered by `fail` (the one error shape by
 * default; a wrapper passes its own to add headers such as CORS).
 */
export function serveRequest(
  meta: RequestMeta,
  body: () => Promise<Response>,
  fail: (error: unknown) => Response = (error) => errorResponse(error, meta.requestId),
): Promise<Response> {
  return runRequest(meta, body, fail, (response) => response.status);
}
