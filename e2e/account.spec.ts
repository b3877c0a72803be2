import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";

/*
 * The Account page in real Chromium on maple-dental (English console): a
 * member invited by the seeded owner renames themselves and changes their
 * password. The change signs out their other browser but not this one; after
 * signing out, the old password is refused and the new one lets them in.
 * The seeded owners' own passwords are left alone (other specs sign in with
 * them).
 */

let base = new URL("http://localhost:3100");
test.beforeEach(({ baseURL }) => {
  if (baseURL) base = new URL(baseURL);
});
const tenantUrl = (slug: string, pathname = "/") => `${base.protocol}//${slug}.${base.host}${pathname}`;
const SLUG = "maple-dental";
const PASSWORD = "a long enough passphrase";
const NEW_PASSWORD = "a brand new passphrase";

async function seededOwner(slug: string): Promise<{ email: string; password: string }> {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data", "seed.json");
  const seed = JSON.parse(await readFile(file, "utf8")) as { tenants: Array<{ slug: string; ownerEmail: string; ownerPassword: string }> };
  const t = seed.tenants.find((x) => x.slug === slug)!;
  return { email: t.ownerEmail, password: t.ownerPassword };
}

/** Navigates and lets the dev server settle (a first compile may reload the page once). */
async function open(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForLoadState("networkidle");
  return response;
}

async function signIn(page: Page, email: string, password: string) {
  await open(page, tenantUrl(SLUG, "/dashboard"));
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

/** The seeded owner invites a staff member; the invitee accepts in their own browser. */
async function newMember(browser: Browser, email: string, name: string): Promise<Page> {
  const owner = await (await browser.newContext()).newPage();
  const seeded = await seededOwner(SLUG);
  await signIn(owner, seeded.email, seeded.password);
  await owner.waitForURL(tenantUrl(SLUG, "/dashboard"));
  await open(owner, tenantUrl(SLUG, "/team"));
  const invite = owner.getByRole("form", { name: "Invite a team member" });
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Role").selectOption("staff");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toHaveText(`Invitation sent to ${email}.`);
  await open(owner, tenantUrl(SLUG, "/outbox"));
  const link = (await owner.getByRole("article", { name: `Email to ${email}` }).first().getByRole("link").getAttribute("href"))!;
  await owner.context().close();

  const member = await (await browser.newContext()).newPage();
  await open(member, link);
  const accept = member.getByRole("form", { name: "Accept invitation" });
  await accept.getByLabel("Your name").fill(name);
  await accept.getByLabel("Choose a password").fill(PASSWORD);
  await accept.getByRole("button", { name: "Create account and join" }).click();
  await member.waitForURL(tenantUrl(SLUG, "/dashboard"));
  return member;
}

test("a member renames themselves and changes their password, staying signed in here only", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `account-${Date.now().toString(36)}@example.test`;
  const member = await newMember(browser, email, "Alex Member");

  // A second browser of the same member, to see it signed out by the change.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, email, PASSWORD);
  await other.waitForURL(tenantUrl(SLUG, "/dashboard"));

  // The header links to the page; it shows the email, read-only.
  await member.getByRole("banner").getByRole("link", { name: "Account" }).click();
  await member.waitForURL(tenantUrl(SLUG, "/account"));
  await member.waitForLoadState("networkidle");
  await expect(member.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect(member.getByTestId("account-email")).toHaveText(email);
  await expect(member.getByRole("textbox", { name: "Email" })).toHaveCount(0);

  // Name: refused when empty, saved otherwise, and the header follows.
  const nameForm = member.getByRole("form", { name: "Change your name" });
  await nameForm.getByLabel("Display name").fill("   ");
  await nameForm.getByRole("button", { name: "Save name" }).click();
  await expect(nameForm.getByRole("alert")).toHaveText("Enter your name");
  await nameForm.getByLabel("Display name").fill("Alex Renamed");
  await nameForm.getByRole("button", { name: "Save name" }).click();
  await expect(nameForm.getByRole("status")).toHaveText("Your name is saved.");
  await expect(member.getByTestId("account-name")).toHaveText("Alex Renamed");
  await expect(member.getByRole("banner")).toContainText("Alex Renamed");

  // Password: each mistake is named on its field, and nothing changes.
  const passwordForm = member.getByRole("form", { name: "Change your password" });
  const fill = async (current: string, next: string, confirm: string) => {
    await passwordForm.getByLabel("Current password").fill(current);
    await passwordForm.getByLabel("New password", { exact: true }).fill(next);
    await passwordForm.getByLabel("Confirm the new password").fill(confirm);
    await passwordForm.getByRole("button", { name: "Change password" }).click();
  };
  await fill(PASSWORD, "short", "short");
  await expect(passwordForm.getByRole("alert")).toHaveText("Password must be at least 12 characters");
  await fill(PASSWORD, NEW_PASSWORD, "a brand new passphrasE");
  await expect(passwordForm.getByRole("alert")).toHaveText("The two new passwords do not match.");
  const refused = member.waitForResponse((r) => r.url().endsWith("/api/account/password"));
  await fill("not my password at all", NEW_PASSWORD, NEW_PASSWORD);
  expect((await refused).status()).toBe(400);
  await expect(passwordForm.getByRole("alert")).toHaveText("The current password is incorrect.");
  await expect(passwordForm.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  const changed = member.waitForResponse((r) => r.url().endsWith("/api/account/password"));
  await fill(PASSWORD, NEW_PASSWORD, NEW_PASSWORD);
  expect((await changed).status()).toBe(204);
  await expect(passwordForm.getByRole("status")).toHaveText(
    "Password changed. Every other session has been signed out; you are still signed in here.",
  );
  await expect(passwordForm.getByLabel("Current password")).toHaveValue("");

  // This browser carries on; the other one has to sign in again.
  await open(member, tenantUrl(SLUG, "/dashboard"));
  await expect(member).toHaveURL(tenantUrl(SLUG, "/dashboard"));
  await expect(member.getByTestId("dashboard-role")).toHaveAttribute("data-role", "staff");
  await other.goto(tenantUrl(SLUG, "/dashboard"));
  await expect(other).toHaveURL(new RegExp(`/sign-in\\?to=${SLUG}`));

  // Sign out; the old password no longer opens the account, the new one does.
  await member.getByRole("button", { name: "Sign out" }).click();
  await member.waitForURL(/\/sign-in\?signed_out=1$/);
  await signIn(member, email, PASSWORD);
  await expect(member.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Email or password is incorrect.");
  await signIn(member, email, NEW_PASSWORD);
  await member.waitForURL(tenantUrl(SLUG, "/dashboard"));
  await expect(member.getByTestId("dashboard-role")).toHaveAttribute("data-role", "staff");
  await expect(member.getByRole("banner")).toContainText("Alex Renamed");

  await other.context().close();
  await member.context().close();
});

test("the account page follows the console language", async ({ browser }) => {
  // salon-amel's console is French by default; its owner only looks (nothing is changed).
  const seeded = await seededOwner("salon-amel");
  const page = await (await browser.newContext()).newPage();
  await open(page, tenantUrl("salon-amel", "/dashboard"));
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(seeded.email);
  await form.getByLabel("Password").fill(seeded.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(tenantUrl("salon-amel", "/dashboard"));
  await page.getByRole("banner").getByRole("link", { name: "Mon compte" }).click();
  await page.waitForURL(tenantUrl("salon-amel", "/account"));
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Modifier votre mot de passe" }).getByLabel("Mot de passe actuel")).toBeVisible();
  await expect(page.getByRole("form", { name: "Modifier votre nom" }).getByRole("button", { name: "Enregistrer le nom" })).toBeVisible();
  await page.context().close();
});
