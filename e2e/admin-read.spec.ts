import { mkdir } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminUrl, signInAsPlatformAdmin } from "./support/platform-session";

/*
 * The platform console's read side in Chromium: the seeded admin signs in
 * with two-factor, reads the overview, finds salon-amel by its WhatsApp
 * number typed as a person would, opens it (usage chart, channels, counts),
 * then finds that visit in the audit and exports it as CSV. Each page has
 * one level-1 heading, its section marked current, no serious or critical
 * axe violation, and a screenshot at 1280 and 390 px for review.
 */

const SHOTS = "test-results/screenshots";

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

async function checkPage(page: Page, name: string, section: string) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("navigation", { name: "Platform console" }).first().getByRole("link", { name: section })).toHaveAttribute("aria-current", "page");
  expect(await seriousViolations(page)).toEqual([]);
  await mkdir(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/admin-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe.configure({ timeout: 120_000 });

test("an admin reads the overview, finds a tenant by its WhatsApp number, opens it, and finds and exports that visit in the audit", async ({ page }) => {
  await signInAsPlatformAdmin(page);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Webhook failures, last 24 hours" })).toBeVisible();
  await checkPage(page, "overview", "Overview");

  await page.getByRole("navigation", { name: "Platform console" }).first().getByRole("link", { name: "Tenants" }).click();
  await page.waitForURL(adminUrl("/tenants"));
  const search = page.getByRole("search", { name: "Find tenants" });
  await search.getByLabel("Search").fill("+213 21 55 01 02");
  await search.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/\/tenants\?q=/);
  const rows = page.getByTestId("tenant-list").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("salon-amel");
  await checkPage(page, "tenants", "Tenants");

  await rows.first().getByRole("link").click();
  await page.waitForURL(/\/tenants\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Amel/i);
  await expect(page.getByRole("figure", { name: /Per day this month/ })).toBeVisible();
  await expect(page.getByTestId("conversation-counts")).toContainText("WhatsApp");
  await expect(page.getByRole("heading", { level: 2, name: "Channels" })).toBeVisible();
  await checkPage(page, "tenant", "Tenants");

  await page.getByRole("navigation", { name: "Platform console" }).first().getByRole("link", { name: "Audit" }).click();
  await page.waitForURL(adminUrl("/audit"));
  const filters = page.getByRole("search", { name: "Filter the audit" });
  await filters.getByLabel("Tenant (address or id)").fill("salon-amel");
  await filters.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/\/audit\?/);
  await expect(page.getByTestId("platform-audit")).toContainText("console.tenant.view");
  await checkPage(page, "audit", "Audit");

  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(href).toBe("/api/admin/audit/export?tenant=salon-amel");
  // Fetched by the page itself: only the browser resolves admin.localhost.
  const csv = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
  }, href!);
  expect(csv.status).toBe(200);
  expect(csv.type).toBe("text/csv; charset=utf-8");
  expect(csv.text).toMatch(/console\.tenant\.view/);

  await page.goto(adminUrl("/audit?action=console.audit.export"));
  await expect(page.getByTestId("platform-audit")).toContainText("console.audit.export");
});
