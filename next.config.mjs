// @ts-check

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The end-to-end build (scripts/e2e-server.ts) skips the type check that
  // `npm test` has just run on the same files; every other build keeps it.
  typescript: { ignoreBuildErrors: process.env.FRONTDESK_E2E_BUILD === "1" },
  // The end-to-end suite runs its own dev server next to a developer's; Next
  // refuses two dev servers on one build directory.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // These load native bindings or WebAssembly and resolve files relative to
  // their own package at runtime; bundling them breaks both.
  serverExternalPackages: [
    "pg",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    // One instance per process: the log destination and the metrics registry are process-wide.
    "pino",
    "prom-client",
    // Thousands of CommonJS modules (the REST client, for the number-ownership
    // check): loaded from node_modules instead of compiled into each route.
    "twilio",
  ],
  // Tenants are served on subdomains (acme.localhost in dev). Next 16.4 already
  // allows `localhost` and `**.localhost` for dev-only resources (HMR, dev
  // overlay); listing them keeps tenant subdomains working if that default
  // ever narrows. Hostnames only: Next ignores scheme and port here.
  allowedDevOrigins: ["localhost", "**.localhost"],
};

export default nextConfig;
