import { serveMetrics } from "@/lib/observability";

// Prometheus scrape endpoint, behind METRICS_TOKEN (see the README).
export function GET(request: Request) {
  return serveMetrics(request);
}
