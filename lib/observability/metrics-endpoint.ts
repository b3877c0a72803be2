import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { logger } from "./logger";
import { metricsContentType, renderMetrics } from "./metrics";

/*
 * GET /api/metrics for Prometheus, behind METRICS_TOKEN (sent as
 * `Authorization: Bearer <token>`). Without a token configured the endpoint
 * does not exist (404): metrics name routes, pool sizes and traffic, which
 * is nobody else's business. The comparison hashes both sides first, so it
 * takes the same time whatever the length or content of the guess.
 */

const MIN_TOKEN_LENGTH = 16;

function configuredToken(env: NodeJS.ProcessEnv): string | null {
  const token = env.METRICS_TOKEN;
  if (!token) return null;
  if (token.length < MIN_TOKEN_LENGTH) {
    logger().warn(`METRICS_TOKEN is shorter than ${MIN_TOKEN_LENGTH} characters; /api/metrics stays off`);
    return null;
  }
  return token;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function bearerMatches(header: string | null, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  // A missing header is compared too, so absence and a wrong guess cost the same.
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(token)) && !!match;
}

const json = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });

export async function serveMetrics(request: Request, env: NodeJS.ProcessEnv = process.env): Promise<Response> {
  const token = configuredToken(env);
  if (!token) return json(404, "not_found", "Not found.");
  if (!bearerMatches(request.headers.get("authorization"), token)) {
    return json(401, "unauthorized", "A valid metrics token is required.", { "www-authenticate": 'Bearer realm="metrics"' });
  }
  return new Response(await renderMetrics(), { headers: { "content-type": metricsContentType(), "cache-control": "no-store" } });
}
