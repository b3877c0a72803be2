// Liveness only: no database or other I/O, so it stays instant and serves as
// the baseline for request-overhead benchmarks.
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
