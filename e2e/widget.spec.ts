import { expect, test } from "@playwright/test";

/*
 * The widget as a visitor meets it, on a tenant's own subdomain in real
 * Chromium: the demo page, the script and the chat API all answer there
 * without a session (the proxy lets machine-facing paths through on every
 * host), and a question typed in the bubble comes back answered from the
 * tenant's settings, streamed.
 */

let base = new URL("http://localhost:3100");
test.beforeEach(({ baseURL }) => {
  if (baseURL) base = new URL(baseURL);
});
const tenantUrl = (slug: string, pathname = "/") => `${base.protocol}//${slug}.${base.host}${pathname}`;

test("the demo page on a tenant subdomain chats through the widget", async ({ page }) => {
  test.setTimeout(120_000);

  // Through the browser: only Chromium resolves *.localhost to loopback.
  const script = await page.goto(tenantUrl("cabinet-dupont", "/widget.js"));
  expect(script?.status()).toBe(200);
  expect(script?.headers()["content-type"]).toMatch(/^text\/javascript/);

  const chatCalls: Array<{ url: string; status: number }> = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname === "/api/v1/chat") chatCalls.push({ url: r.url(), status: r.status() });
  });

  const response = await page.goto(tenantUrl("cabinet-dupont", "/demo/cabinet-dupont"));
  expect(response?.status()).toBe(200);
  // The first visit compiles the page and Next may reload it once when done.
  await page.waitForLoadState("networkidle");
  expect(new URL(page.url()).host).toBe(`cabinet-dupont.${base.host}`);
  await expect(page.getByRole("heading", { level: 1, name: "Cabinet Dr Dupont" })).toBeVisible();

  await page.getByRole("button", { name: "Ouvrir le chat" }).click();
  const input = page.getByRole("textbox", { name: "Votre message…" });
  await input.fill("Quelle est votre adresse ?");
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByRole("log")).toContainText("Rue du Rhône 42", { timeout: 30_000 });

  // The conversation continues on the same id.
  await input.fill("Quels sont vos horaires ?");
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByRole("log")).toContainText(/lundi/i, { timeout: 30_000 });

  expect(chatCalls.length).toBe(2);
  for (const call of chatCalls) {
    expect(call.status).toBe(200);
    // The key travels in its header only.
    expect(new URL(call.url).search).toBe("");
  }

  // Another tenant's demo page is not served on this subdomain.
  await page.goto(tenantUrl("cabinet-dupont", "/demo/maple-dental"));
  await page.waitForLoadState("networkidle");
  expect(page.url()).not.toBe(tenantUrl("cabinet-dupont", "/demo/maple-dental"));
  await expect(page.getByRole("heading", { name: /Maple Dental/ })).toHaveCount(0);
});
