/*
 * Runs once per server process (`next start`, `next dev`). On SIGTERM/SIGINT
 * the instance reports itself not ready, lets Next drain its HTTP server, and
 * exits only after the requests in flight are done and the database pools are
 * closed (lib/observability/graceful-shutdown.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installGracefulShutdown } = await import("@/lib/observability/graceful-shutdown");
  const { closeAppDatabases } = await import("@/lib/db/app-database");
  installGracefulShutdown({ close: closeAppDatabases });
}
