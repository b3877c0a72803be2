import { readinessResponse } from "@/lib/http/readiness-response";

// Readiness: the database answers through each pool and no pool is saturated.
// /api/health stays liveness only.
export function GET() {
  return readinessResponse();
}
