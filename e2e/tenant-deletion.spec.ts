import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, apexUrl, open, tenantUrl } from "./support/console-session";

/*
 * An owner deletes their workspace from Settings, in real Chromium: a wrong
 * address is refused on its field and deletes nothing; the address and the
 * password delete it; the browser lands on the apex with the notice in the
 * console's language (French, the sign-up form's default); the subdomain is
 * a 404 from then on, and the address can be signed up again.
 */

async function signUp(page: Page, slug: string, email: string) {
  await open(page, "/sign-up");
  const form = page.getByRole("form", { name: "Create your account" });
  await form.getByLabel("Business name").fill("Atelier Éphémère");
  await form.getByLabel("Web address").fill(slug);
  await form.getByLabel("Region").selectOption("FR");
  await form.getByLabel("Language").selectOption("fr");
  await form.getByLabel("Your name").fill("Odile Owner");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(tenantUrl(slug, "/dashboard"));
}

test("the owner deletes the workspace; its subdomain is gone and its address is free again", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const slug = `gone-${Date.now().toString(36)}`;
  await signUp(page, slug, `owner-${slug}@example.test`);

  await open(page, tenantUrl(slug, "/settings"));
  await expect(page.getByRole("heading", { level: 2, name: "Zone de danger" })).toBeVisible();
  const form = page.getByRole("form", { name: "Supprimer l'espace de travail" });
  const submit = form.getByRole("button", { name: "Supprimer définitivement cet espace de travail" });

  // A slip of the hand: refused on the address field, nothing deleted.
  await form.getByLabel(`Saisissez ${slug} pour confirmer`).fill(`${slug}x`);
  await form.getByLabel("Votre mot de passe").fill(PASSWORD);
  await submit.click();
  await expect(form.getByRole("alert")).toContainText(`Type ${slug} exactly to confirm.`);
  await expect(form.getByLabel(`Saisissez ${slug} pour confirmer`)).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(tenantUrl(slug, "/settings"));

  // Kept to play a member whose browser still holds a cookie for the subdomain.
  const memberCookies = await page.context().cookies(tenantUrl(slug));
  expect(memberCookies.length).toBeGreaterThan(0);

  await form.getByLabel(`Saisissez ${slug} pour confirmer`).fill(slug);
  await submit.click();
  await page.waitForURL((url) => url.host === apexUrl().host && url.pathname === "/sign-in");
  await expect(page.getByRole("status")).toHaveText(`L'espace de travail ${slug} et toutes ses données ont été supprimés.`);
  expect(await page.context().cookies(tenantUrl(slug))).toEqual([]);

  // The subdomain is a 404 from now on: through the apex for this browser
  // (still signed in there), and on the subdomain itself with a member's cookie.
  expect((await open(page, tenantUrl(slug, "/dashboard")))?.status()).toBe(404);
  await page.context().addCookies(memberCookies);
  const asMember = await open(page, tenantUrl(slug, "/dashboard"));
  expect(asMember?.status()).toBe(404);
  expect(page.url()).toBe(tenantUrl(slug, "/dashboard"));
  expect((await open(page, tenantUrl(slug, "/api/clients")))?.status()).toBe(404);

  // The address can be signed up again, by someone else.
  const next = await browser.newContext();
  const newcomer = await next.newPage();
  await signUp(newcomer, slug, `newcomer-${slug}@example.test`);
  await expect(newcomer.getByRole("heading", { level: 1, name: "Atelier Éphémère" })).toBeVisible();
  await next.close();
});
