import path from "node:path";
import { defineConfig } from "@playwright/test";

// A fresh data directory (embedded database, seed.json) per run, shared with
// the workers through the environment, so no run depends on an earlier one.
export const e2eDataDir = (process.env.E2E_DATA_DIR ??= path.join(".data", `e2e-${Date.now()}`));

const port = process.env.E2E_PORT ?? "3100";
const distDir = process.env.E2E_DIST_DIR ?? ".next/e2e";
const baseURL = process.env.E2E_BASE_URL ?? `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  // One server with one embedded database: parallel workers would race on its state.
  workers: 1,
  // On CI one retry, which the report still lists as "flaky": the workspace-deletion spec failed
  // once in a full run (the apex answered sign-in instead of 404) and never alone (12 runs).
  retries: process.env.CI ? 1 : 0,
  reporter: "list",
  globalTeardown: "./e2e/global-teardown.ts",
  use: { baseURL },
  projects: [
    {
      name: "chromium",
      use: {
        // Playwright cannot download its own browsers on these machines, so we
        // drive the distribution's Chromium.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          // Without the background-networking flags Chromium keeps dialling
          // the closed network and slows every test.
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    // A production build served by `next start` (scripts/e2e-server.ts): no
    // test waits on a route's first compilation, and what is tested is what ships.
    command: "npm run e2e:server",
    url: `http://localhost:${port}/api/health`,
    // The server's request log (one JSON line per request) would drown the test report: warnings and errors only.
    env: { PORT: port, FRONTDESK_DATA_DIR: e2eDataDir, NEXT_DIST_DIR: distDir, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    reuseExistingServer: !process.env.CI,
    // `next build` on a two-core machine.
    timeout: 900_000,
    stdout: "pipe",
  },
});
