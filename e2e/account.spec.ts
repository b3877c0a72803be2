import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, expectToast, inviteMember, open, signIn, signInAsOwner, tenantUrl } from "./support/console-session";

/*
 * The Account page in real Chromium on maple-dental (English console): a
 * member invited by the seeded owner renames themselves and changes their
 * password. The change signs out their other browser but not this one; after
 * signing out, the old password is refused and the new one lets them in.
 * The seeded owners' own passwords are left alone (other specs sign in with
 * them).
 */

const SLUG = "maple-dental";
const NEW_PASSWORD = "a brand new passphrase";

/** The seeded owner invites a staff member; the invitee accepts in their own browser. */
async function newMember(browser: Browser, email: string, name: string): Promise<Page> {
  const owner = await signInAsOwner(browser, SLUG);
  const member = await inviteMember(browser, owner, SLUG, { email, role: "staff", name });
  await owner.context().close();
  return member;
}

test("a member renames themselves and changes their password, staying signed in here only", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `account-${Date.now().toString(36)}@example.test`;
  const member = await newMember(browser, email, "Alex Member");

  // A second browser of the same member, to see it signed out by the change.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, SLUG, email, PASSWORD);
  await other.waitForURL(tenantUrl(SLUG, "/dashboard"));

  // The sidebar links to the page; it shows the email, read-only.
  await member.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Account" }).click();
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
  await expectToast(member, "Your name is saved.");
  await expect(member.getByTestId("account-name")).toHaveText("Alex Renamed");
  await expect(member.locator("aside")).toContainText("Alex Renamed");

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
  await expectToast(member, "Password changed. Every other session has been signed out; you are still signed in here.");
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
  await signIn(member, SLUG, email, PASSWORD);
  await expect(member.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Email or password is incorrect.");
  await signIn(member, SLUG, email, NEW_PASSWORD);
  await member.waitForURL(tenantUrl(SLUG, "/dashboard"));
  await expect(member.getByTestId("dashboard-role")).toHaveAttribute("data-role", "staff");
  await expect(member.locator("aside")).toContainText("Alex Renamed");

  await other.context().close();
  await member.context().close();
});

test("the account page follows the console language", async ({ browser }) => {
  // salon-amel's console is French by default; its owner only looks (nothing is changed).
  const page = await signInAsOwner(browser, "salon-amel");
  await page.getByRole("navigation", { name: "Espace de travail" }).getByRole("link", { name: "Mon compte" }).click();
  await page.waitForURL(tenantUrl("salon-amel", "/account"));
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Modifier votre mot de passe" }).getByLabel("Mot de passe actuel")).toBeVisible();
  await expect(page.getByRole("form", { name: "Modifier votre nom" }).getByRole("button", { name: "Enregistrer le nom" })).toBeVisible();
  await page.context().close();
});
