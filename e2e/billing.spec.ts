import { readFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { apexUrl, open, signInAsOwner, tenantUrl } from "./support/console-session";

/*
 * Billing in Chromium against the production build, with Stripe played by
 * the local stand-in the e2e server started: the owner of a Swiss tenant
 * picks Pro, yearly, sees it priced in CHF and is sent to the Checkout page;
 * once Stripe's signed webhooks have reached /api/webhooks/stripe, the
 * return page and Billing show Pro active; Manage billing opens the Customer
 * Portal. The page has no serious accessibility violation. A failed renewal
 * puts the payment-failed banner on every console page, the Overview included.
 */

const SLUG = "cabinet-dupont"; // region CH

async function stripeStandin(): Promise<{ url: string; webhookSecret: string }> {
  return JSON.parse(await readFile(path.join(process.env.E2E_DATA_DIR ?? ".data", "stripe.json"), "utf8"));
}

test("the owner subscribes to Pro yearly in CHF through Checkout, and manages billing in the portal", async ({ browser, request }) => {
  test.setTimeout(90_000);
  const stripe = await stripeStandin();
  const page = await signInAsOwner(browser, SLUG);
  await open(page, tenantUrl(SLUG, "/billing"));
  await expect(page.locator("h1")).toHaveText(/Billing|Facturation/);
  await expect(page.getByTestId("billing-not-configured")).toHaveCount(0);

  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  await page.getByText(/Yearly|Annuelle/).click();
  const pro = page.getByTestId("plan-pro");
  await expect(pro).toContainText("CHF");
  await expect(pro).toContainText(/\/ (year|an)/);
  await pro.getByRole("button", { name: /Subscribe to Pro|S'abonner à Pro/ }).click();

  await page.waitForURL((url) => url.href.startsWith(`${stripe.url}/c/pay/cs_test_`));
  await expect(page.getByRole("heading", { name: "Stripe stand-in Checkout" })).toBeVisible();
  const sessionId = new URL(page.url()).pathname.split("/").at(-1)!;

  // The customer pays: the stand-in completes the session and hands over the events Stripe would send.
  const completed = await request.post(`${stripe.url}/_standin/checkout/${sessionId}/complete`, { data: {} });
  expect(completed.ok()).toBe(true);
  const outcome = (await completed.json()) as { session: { success_url: string }; subscription: { id: string }; events: Array<Record<string, unknown>> };
  const deliver = async (event: Record<string, unknown>) => {
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: stripe.webhookSecret });
    const delivered = await request.post(apexUrl("/api/webhooks/stripe").href, {
      data: payload,
      headers: { "content-type": "application/json", "stripe-signature": header },
    });
    expect(delivered.status(), `${String(event.type)}: ${await delivered.text()}`).toBe(200);
  };
  for (const event of outcome.events) await deliver(event);

  // Stripe sends the browser back to the tenant's own return page.
  const successUrl = outcome.session.success_url.replace("{CHECKOUT_SESSION_ID}", sessionId);
  expect(successUrl.startsWith(tenantUrl(SLUG, "/billing/return"))).toBe(true);
  await open(page, successUrl);
  await expect(page.getByTestId("activation-status")).toHaveAttribute("data-state", "active");
  await expect(page.getByTestId("activation-status")).toContainText("Pro");

  await open(page, tenantUrl(SLUG, "/billing"));
  await expect(page.getByTestId("billing-plan")).toHaveText("Pro");
  await expect(page.getByTestId("billing-status")).toHaveText(/^(active|actif)$/);
  await expect(page.getByTestId("billing-next-invoice")).toContainText("CHF");
  await expect(page.getByTestId("plan-pro").getByRole("button")).toHaveText(/Your plan|Votre formule/);

  await page.getByRole("button", { name: /Manage billing|Gérer la facturation/ }).click();
  await page.waitForURL((url) => url.href.startsWith(`${stripe.url}/p/session/bps_`));
  await expect(page.getByRole("link", { name: "Return" })).toHaveAttribute("href", tenantUrl(SLUG, "/billing"));

  // A renewal fails: the owner sees the console-wide banner on the Overview, with the way to Billing.
  const failing = await request.post(`${stripe.url}/_standin/subscriptions/${outcome.subscription.id}/status`, { data: { status: "past_due" } });
  await deliver(((await failing.json()) as { event: Record<string, unknown> }).event);
  await open(page, tenantUrl(SLUG, "/dashboard"));
  const banner = page.getByTestId("billing-banner-past_due");
  await expect(banner).toHaveAttribute("role", "alert");
  await expect(banner).toContainText(/Your latest payment failed|Votre dernier paiement a échoué/);
  await expect(banner.getByRole("link", { name: /Update payment method|Mettre à jour le moyen de paiement/ })).toHaveAttribute("href", "/billing");
  const overview = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(overview.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // Paid again: the banner goes, so the other specs see an ordinary workspace.
  const paid = await request.post(`${stripe.url}/_standin/subscriptions/${outcome.subscription.id}/status`, { data: { status: "active" } });
  await deliver(((await paid.json()) as { event: Record<string, unknown> }).event);
  await open(page, tenantUrl(SLUG, "/dashboard"));
  await expect(page.getByTestId("billing-banner-past_due")).toHaveCount(0);
});
