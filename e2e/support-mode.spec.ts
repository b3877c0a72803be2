import { expect, test, type Page } from "@playwright/test";
import { call, latestMailTo, open, seededTenant, signInAsOwner, tenantUrl } from "./support/console-session";
import { adminUrl, seededAdmin, totp } from "./support/platform-session";

/*
 * Support mode in Chromium: the owner of salon-amel sees the "allow support
 * to make changes" switch (and leaves it off); the seeded admin signs in
 * with two-factor, opens support mode with a reason, lands on the tenant's
 * console under the banner, cannot change anything (the page is read-only
 * and the API refuses), exits back to the admin host; the owner got the
 * email and reads both Activity entries.
 */

const SLUG = "salon-amel";
const REASON = "The owner asked why Tuesday bookings fail";

/** The seeded admin's first sign-in, from the sign-in page itself, with the required two-factor setup. */
async function signInAdmin(page: Page): Promise<void> {
  const admin = await seededAdmin();
  await open(page, adminUrl("/sign-in"));
  const form = page.getByRole("form", { name: "Platform sign-in" });
  await form.getByLabel("Email").fill(admin.email);
  await form.getByLabel("Password").fill(admin.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(adminUrl("/two-factor"));
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  const confirm = page.getByRole("form", { name: "Confirm two-factor sign-in" });
  await confirm.getByLabel("Code", { exact: true }).fill(totp(secret));
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
}

test("an admin views a workspace read-only under the banner, exits, and the owner is told", async ({ browser }) => {
  test.setTimeout(120_000);
  const owner = await signInAsOwner(browser, SLUG);
  // salon-amel works in French; this run reads the console in English (the email stays in French).
  await owner.context().addCookies([{ name: "fd_ui_locale", value: "en", url: tenantUrl(SLUG) }]);
  await open(owner, tenantUrl(SLUG, "/settings"));
  const allow = owner.getByRole("switch", { name: "Allow support to make changes" });
  await expect(allow).not.toBeChecked();
  await allow.click();
  await expect(allow).toBeChecked();
  await allow.click();
  await expect(allow).not.toBeChecked();
  const audit = await call(owner, "GET", "/api/activity?action=support");
  const target = (audit.body as unknown as { items: Array<{ target: string }> }).items[0]!.target;
  const tenantId = target.replace(/^tenant:/, "");

  const admin = await (await browser.newContext()).newPage();
  await signInAdmin(admin);
  await admin.context().addCookies([{ name: "fd_ui_locale", value: "en", url: tenantUrl(SLUG) }]);
  // What the console's "View as tenant" dialog sends, from the admin host's page (Node cannot resolve *.localhost).
  const started = await call(admin, "POST", `/api/admin/tenants/${tenantId}/support`, { reason: REASON, minutes: 30 });
  expect(started.status).toBe(201);
  const url = (started.body as unknown as { url: string }).url;

  await open(admin, url);
  await admin.waitForURL(tenantUrl(SLUG, "/dashboard"));
  const banner = admin.getByTestId("support-banner");
  await expect(banner).toContainText("read-only");
  await expect(banner.getByTestId("support-time-left")).toHaveText(/^(30|29) min left$/);
  // For review (not committed), like the console shell's screenshots: wide and phone widths.
  for (const width of [1280, 390]) {
    await admin.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await admin.screenshot({ path: `test-results/screenshots/support-mode-${width}.png` });
  }
  await admin.setViewportSize({ width: 1280, height: 900 });

  await open(admin, tenantUrl(SLUG, "/business"));
  await expect(admin.getByTestId("support-banner")).toBeVisible();
  await expect(admin.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  const refused = await call(admin, "PUT", "/api/settings/business", { businessName: "Hijacked" });
  expect(refused.status).toBe(403);
  expect(refused.body?.error?.code).toBe("support_read_only");

  await open(admin, tenantUrl(SLUG, "/account"));
  await expect(admin.locator("h1")).toContainText("Account");
  await expect(admin.getByTestId("account-email")).toHaveCount(0);

  await admin.getByTestId("support-banner").getByRole("button", { name: "Exit support mode" }).click();
  await admin.waitForURL(adminUrl(`/tenants/${tenantId}`));
  const after = await admin.goto(tenantUrl(SLUG, "/dashboard"));
  expect(admin.url()).not.toBe(tenantUrl(SLUG, "/dashboard"));
  expect(after?.status()).toBeLessThan(500);

  const { ownerEmail } = await seededTenant(SLUG);
  // In the workspace's language (French for salon-amel), with the reason typed by the admin.
  const mail = await latestMailTo(ownerEmail, /Tuesday bookings fail/);
  expect(mail.subject).toContain("le support Frontdesk consulte votre espace");
  expect(mail.text).toContain(REASON);
  await open(owner, tenantUrl(SLUG, "/activity"));
  await expect(owner.getByText(`Frontdesk support started viewing your workspace: ${REASON}`)).toBeVisible();
  await expect(owner.getByText("Frontdesk support stopped viewing your workspace")).toBeVisible();
});
