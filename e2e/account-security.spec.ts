import { Secret, TOTP } from "otpauth";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, apexUrl, expectToast, inviteMember, latestMailTo, linkIn, open, signIn, signInAsOwner, tenantUrl } from "./support/console-session";


/*
 * Account security end to end, in real Chromium against the production
 * server, with mail read from the SMTP capture:
 * - forgot password: the emailed link sets a new password once, ends every
 *   session, and the old password stops working;
 * - two-factor: set up from the Account page with a code computed here from
 *   the secret it shows; sign-in then asks for a code, refuses a wrong one
 *   and a reused one; the owner requires it for the workspace and a member
 *   without it is held on the Account page (and refused by the API);
 * - signed-in sessions: another browser's session is listed and signed out.
 */

const SLUG = "maple-dental";
const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });

async function member(browser: Browser, tag: string, role: "staff" | "admin" | "viewer" = "staff"): Promise<{ page: Page; email: string; owner: Page }> {
  const owner = await signInAsOwner(browser, SLUG);
  const email = `${tag}-${Date.now().toString(36)}@example.test`;
  const page = await inviteMember(browser, owner, SLUG, { email, role, name: `Sec ${tag}` });
  return { page, email, owner };
}

test("forgot password: a single-use emailed link sets a new password and ends every session", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page: signedIn, email, owner } = await member(browser, "reset");
  await owner.context().close();
  const visitor = await (await browser.newContext()).newPage();

  await open(visitor, apexUrl("/sign-in").toString());
  await visitor.getByRole("link", { name: "Forgot password?" }).click();
  await visitor.waitForURL(/\/forgot-password$/);
  const ask = visitor.getByRole("form", { name: "Request a reset link" });
  await ask.getByLabel("Email").fill(email);
  await ask.getByRole("button", { name: "Send the link" }).click();
  await expect(visitor.getByRole("status")).toContainText(`If an account uses ${email}`);
  // An unknown email gets the very same answer.
  await open(visitor, apexUrl("/forgot-password").toString());
  await ask.getByLabel("Email").fill(`nobody-${Date.now()}@example.test`);
  await ask.getByRole("button", { name: "Send the link" }).click();
  await expect(visitor.getByRole("status")).toContainText("If an account uses nobody-");

  const mail = await latestMailTo(email, /reset/i);
  expect(mail.subject).toBe("Reset your Frontdesk password");
  const link = linkIn(mail);
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);

  await open(visitor, link);
  const form = visitor.getByRole("form", { name: "Choose a new password" });
  await form.getByLabel("New password").fill("short");
  await form.getByRole("button", { name: "Save the new password" }).click();
  await expect(form.getByRole("alert")).toContainText("at least 12 characters");
  const NEW = "a reset passphrase for sure";
  await form.getByLabel("New password").fill(NEW);
  await form.getByRole("button", { name: "Save the new password" }).click();
  await visitor.waitForURL(/\/sign-in\?reset=1/);

  // Used once: the link is dead now.
  await open(visitor, link);
  await expect(visitor.getByRole("main").getByRole("alert")).toHaveText("This link has expired or was already used. Ask for a new one.");
  // Every session ended: the member's browser is sent to sign in again.
  await signedIn.goto(tenantUrl(SLUG, "/dashboard"));
  await expect(signedIn).toHaveURL(new RegExp(`/sign-in\\?to=${SLUG}`));
  // The old password no longer works; the new one does.
  await signIn(visitor, SLUG, email, PASSWORD);
  await expect(visitor.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Email or password is incorrect.");
  await signIn(visitor, SLUG, email, NEW);
  await visitor.waitForURL(tenantUrl(SLUG, "/dashboard"));
  await visitor.context().close();
  await signedIn.context().close();
});

/** Sets up two-factor from the Account page; returns the secret, the code used and the recovery codes. */
async function turnOnTwoFactor(page: Page, slug: string) {
  await open(page, tenantUrl(slug, "/account"));
  await expect(page.getByTestId("two-factor-state")).toHaveAttribute("data-enabled", "false");
  await page.getByRole("button", { name: "Turn on two-factor" }).click();
  const setup = page.getByRole("form", { name: "Set up two-factor authentication" });
  await expect(setup.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await setup.getByLabel("6-digit code").fill("000000");
  await setup.getByRole("button", { name: "Turn on", exact: true }).click();
  await expect(setup.getByRole("alert")).toContainText("not valid");
  const used = totp(secret).generate();
  await setup.getByLabel("6-digit code").fill(used);
  await setup.getByRole("button", { name: "Turn on", exact: true }).click();
  await expectToast(page, "Two-factor authentication is on.");
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("two-factor-state")).toHaveAttribute("data-enabled", "true");
  return { secret, used, codes };
}

test("two-factor: setup, sign-in with a code, reused codes refused, a workspace that requires it", async ({ page: owner, browser }) => {
  test.setTimeout(240_000);
  const slug = `tfa-${Date.now().toString(36)}`;
  const ownerEmail = `owner-${slug}@example.test`;
  await open(owner, "/sign-up");
  const signUp = owner.getByRole("form", { name: "Create your account" });
  await signUp.getByLabel("Business name").fill("Two Factor Studio");
  await signUp.getByLabel("Web address").fill(slug);
  await signUp.getByLabel("Language").selectOption("en");
  await signUp.getByLabel("Your name").fill("Tess Owner");
  await signUp.getByLabel("Email").fill(ownerEmail);
  await signUp.getByLabel("Password").fill(PASSWORD);
  await signUp.getByRole("button", { name: "Create account" }).click();
  await owner.waitForURL(tenantUrl(slug, "/dashboard"));

  // Requiring it needs it on one's own account first.
  await open(owner, tenantUrl(slug, "/settings"));
  const requirement = owner.getByRole("switch", { name: "Require two-factor authentication for every member" });
  await requirement.click();
  await expectToast(owner, /Turn on two-factor for your own account first/);
  await expect(requirement).toHaveAttribute("aria-checked", "false");

  const { used, codes } = await turnOnTwoFactor(owner, slug);
  await open(owner, tenantUrl(slug, "/settings"));
  await requirement.click();
  await expectToast(owner, "Every member must now sign in with two-factor authentication.");
  await expect(requirement).toHaveAttribute("aria-checked", "true");

  // Sign-in now asks for a code: the setup code (already used) and a wrong one are refused; a recovery code works once.
  const again = await (await browser.newContext()).newPage();
  await signIn(again, slug, ownerEmail, PASSWORD);
  const form = again.getByRole("form", { name: "Sign in" });
  const code = form.getByLabel("Authentication code");
  await expect(code).toBeVisible();
  await code.fill(used);
  await form.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("This code was already used. Wait for the next one in your authenticator app.");
  await code.fill(used === "123456" ? "654321" : "123456");
  await form.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(form.getByRole("alert")).toContainText("This code is not valid");
  await code.fill(codes[0]!);
  await form.getByRole("button", { name: "Verify and sign in" }).click();
  await again.waitForURL(tenantUrl(slug, "/dashboard"));
  await again.getByRole("button", { name: "Sign out" }).click();
  await again.waitForURL(/signed_out=1/);
  await signIn(again, slug, ownerEmail, PASSWORD);
  await code.fill(codes[0]!);
  await form.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(form.getByRole("alert")).toContainText("This code is not valid");
  await again.context().close();

  // A member without two-factor is held on their Account page until they turn it on.
  const memberEmail = `held-${slug}@example.test`;
  await open(owner, tenantUrl(slug, "/team"));
  const invite = owner.getByRole("form", { name: "Invite a team member" });
  await invite.getByLabel("Email").fill(memberEmail);
  await invite.getByLabel("Role").selectOption("staff");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expectToast(owner, `Invitation sent to ${memberEmail}.`);
  const held = await (await browser.newContext()).newPage();
  await open(held, linkIn(await latestMailTo(memberEmail)));
  const accept = held.getByRole("form", { name: "Accept invitation" });
  await accept.getByLabel("Your name").fill("Hal Held");
  await accept.getByLabel("Choose a password").fill(PASSWORD);
  await accept.getByRole("button", { name: "Create account and join" }).click();
  await held.waitForURL(tenantUrl(slug, "/account?two_factor=required"));
  await expect(held.getByRole("alert").filter({ hasText: "This workspace requires two-factor authentication" })).toBeVisible();
  await open(held, tenantUrl(slug, "/appointments"));
  await expect(held).toHaveURL(tenantUrl(slug, "/account?two_factor=required"));
  const api = await held.evaluate(async () => (await fetch("/api/clients")).status);
  expect(api).toBe(403);
  await turnOnTwoFactor(held, slug);
  await open(held, tenantUrl(slug, "/appointments"));
  await expect(held.getByRole("heading", { level: 1, name: "Appointments" })).toBeVisible();
  await held.context().close();
});

test("the list of signed-in sessions, and signing another one out", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, email, owner } = await member(browser, "sessions");
  await owner.context().close();
  const laptop = await (await browser.newContext({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Firefox/128.0" })).newPage();
  await signIn(laptop, SLUG, email, PASSWORD);
  await laptop.waitForURL(tenantUrl(SLUG, "/dashboard"));

  await open(page, tenantUrl(SLUG, "/account"));
  const list = page.getByRole("list", { name: "Signed-in sessions" });
  await expect(list.getByTestId("account-session")).toHaveCount(2);
  await expect(list.locator('[data-current="true"]')).toContainText("This browser");
  const other = list.locator('[data-current="false"]');
  await expect(other).toContainText("Firefox on macOS");
  await other.getByRole("button", { name: /^Sign out this session \(Firefox on macOS, last active / }).click();
  await expectToast(page, "That session is signed out.");
  await expect(list.getByTestId("account-session")).toHaveCount(1);

  // The laptop's next request finds its session over.
  await laptop.goto(tenantUrl(SLUG, "/dashboard"));
  await expect(laptop).toHaveURL(new RegExp(`/sign-in\\?to=${SLUG}`));
  await laptop.context().close();
  await page.context().close();
});
