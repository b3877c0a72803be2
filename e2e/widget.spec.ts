import { expect, test, type Page } from "@playwright/test";
import { seededTenant } from "./support/console-session";

/*
 * The widget as a visitor meets it, on a tenant's own subdomain in real
 * Chromium: the demo page, the script and the chat API all answer there
 * without a session (the proxy lets machine-facing paths through on every
 * host). A question typed in the bubble comes back answered from the
 * tenant's settings, streamed, after a typing indicator; the panel is a
 * labelled dialog that Esc closes; its words follow the page's lang; and,
 * at 1280 and 390 px, neither the bubble nor the open panel covers the
 * embed snippet.
 */

let base = new URL("http://localhost:3100");
test.beforeEach(({ baseURL }) => {
  if (baseURL) base = new URL(baseURL);
});
const tenantUrl = (slug: string, pathname = "/") => `${base.protocol}//${slug}.${base.host}${pathname}`;

async function demo(page: Page, slug: string) {
  const { widgetKey } = await seededTenant(slug);
  const response = await page.goto(tenantUrl(slug, `/demo/${slug}?key=${widgetKey}`));
  expect(response?.status()).toBe(200);
  await page.waitForLoadState("networkidle");
  return widgetKey;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

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

  await demo(page, "cabinet-dupont");
  expect(new URL(page.url()).host).toBe(`cabinet-dupont.${base.host}`);
  await expect(page.getByRole("heading", { level: 1, name: "Cabinet Dr Dupont" })).toBeVisible();

  // The business's title, the receptionist's name, its greeting; a labelled dialog.
  await page.getByRole("button", { name: /^Ouvrir le chat avec / }).click();
  const dialog = page.getByRole("dialog", { name: /^Discussion avec / });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Camille, votre réceptionniste");
  await expect(dialog.getByRole("log")).toContainText("Camille");

  const input = page.getByRole("textbox", { name: "Votre message…" });
  await input.fill("Quelle est votre adresse ?");
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Camille écrit…" })).toHaveCount(1);
  await expect(page.getByRole("log")).toContainText("Rue du Rhône 42", { timeout: 30_000 });
  await expect(page.getByRole("status").filter({ hasText: "écrit…" })).toHaveCount(0);

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

  // Esc closes the panel and gives focus back to the bubble.
  await input.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: /^Ouvrir le chat avec / })).toBeFocused();

  // The page's language decides the widget's: switching <html lang> switches it.
  await page.evaluate(() => (document.documentElement.lang = "en"));
  await expect(page.getByRole("button", { name: /^Open chat with / })).toBeVisible();

  // Another tenant's demo page is not served on this subdomain.
  await page.goto(tenantUrl("cabinet-dupont", "/demo/maple-dental"));
  await page.waitForLoadState("networkidle");
  expect(page.url()).not.toBe(tenantUrl("cabinet-dupont", "/demo/maple-dental"));
  await expect(page.getByRole("heading", { name: /Maple Dental/ })).toHaveCount(0);
});

for (const width of [1280, 390]) {
  test(`the widget never covers the embed snippet at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await demo(page, "maple-dental");
    const snippet = page.getByTestId("embed-snippet");
    await snippet.scrollIntoViewIfNeeded();
    const bubble = page.getByRole("button", { name: /^Open chat with / });
    await expect(bubble).toBeVisible();
    expect(overlaps((await snippet.boundingBox())!, (await bubble.boundingBox())!)).toBe(false);
    // Scrolled to the very bottom, the page keeps room under its content for the bubble.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect(bubble).toBeVisible();
    const lastText = page.getByRole("main").locator("p").last();
    expect(overlaps((await lastText.boundingBox())!, (await bubble.boundingBox())!)).toBe(false);
    // At desktop width, the open panel leaves the snippet readable too.
    if (width === 1280) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await bubble.click();
      const panel = page.getByRole("dialog");
      await expect(panel).toBeVisible();
      expect(overlaps((await snippet.boundingBox())!, (await panel.boundingBox())!)).toBe(false);
    }
  });
}
