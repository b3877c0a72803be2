import { defineConfig } from "@playwright/test";

const baseURL = process.env.E2E_BASE_URL ?? "http://localhost:3100";

export default defineConfig({
  testDir: "e2e",
  // One dev server with one embedded database: parallel workers would race on
  // its state, and retries would hide flakiness we want to see.
  workers: 1,
  retries: 0,
  reporter: "list",
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
    command: "npm run dev",
    url: "http://localhost:3100/api/health",
    env: { PORT: "3100", FRONTDESK_DATA_DIR: ".data/e2e" },
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
