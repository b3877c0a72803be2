import "server-only";
import { checkReadiness } from "@/lib/db/readiness";
import { RETRY_AFTER_SECONDS } from "./api-error";

/** GET /api/ready: 200 when every pool answers, else 503 with Retry-After and what is wrong. */
export async function readinessResponse(): Promise<Response> {
  const readiness = await checkReadiness();
  const headers = { "cache-control": "no-store" };
  if (readiness.ready) return Response.json({ status: "ready", pools: readiness.pools }, { headers });
  return Response.json(
    {
      error: {
        code: "service_unavailable",
        message: readiness.reason === "shutting_down" ? "This instance is shutting down." : "A database pool cannot serve requests.",
        pools: readiness.pools,
      },
    },
    { status: 503, headers: { ...headers, "retry-after": String(RETRY_AFTER_SECONDS) } },
  );
}
