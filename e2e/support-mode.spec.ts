import { expect, test } from "@playwright/test";
import { call, latestMailTo, open, seededTenant, signInAsOwner, tenantUrl } from "./support/console-session";
import { adminUrl, signInAsPlatformAdmin } from "./support/platform-session";

/*
 * Support mode in Chromium: the owner of salon-amel sees the "allow support
 * to make changes" switch (and leaves it off); the seeded admin signs in
 * with two-factor, opens "View as tenant" on the tenant's page (a too-short
 * reason is refused in the dialog), lands on the tenant's
 * console under the banner, cannot change anything (the page is read-only
 * and the API refuses), exits back to the admin host; the owner got the
 * email and reads both Activity entries.
 */

const SLUG = "salon-amel";
const REASON = "The owner asked why Tuesday bookings fail";

test("an admin views a workspace read-only under the banner, exits, and the owner is told", async ({ browser }) => {
  test.setTimeout(180_000);
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
  await signInAsPlatformAdmin(admin);
  await admin.context().addCookies([{ name: "fd_ui_locale", value: "en", url: tenantUrl(SLUG) }]);
  // Found by its WhatsApp number, typed the way a caller would read it out (national format, spaces).
  await admin.goto(adminUrl("/tenants"));
  const search = admin.getByRole("search", { name: "Find tenants" });
  await search.getByLabel("Search").fill(nationalFormat((await seededTenant(SLUG)).whatsappNumber));
  await search.getByRole("button", { name: "Apply" }).click();
  await admin.waitForURL(/\/tenants\?q=/);
  const rows = admin.getByTestId("tenant-list").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole("link").click();
  await admin.waitForURL(adminUrl(`/tenants/${tenantId}`));
  await admin.getByRole("button", { name: "View as tenant" }).click();
  const dialog = admin.getByRole("dialog", { name: "View this workspace as its members see it" });
  await dialog.getByLabel("Reason (shown to the owner)").fill("bug");
  await dialog.getByRole("button", { name: "Open the workspace" }).click();
  await expect(dialog.getByText("At least 5 characters: the owner reads it")).toBeVisible();
  await dialog.getByLabel("Reason (shown to the owner)").fill(REASON);
  await expect(dialog.getByLabel("Duration")).toHaveValue("30");
  await dialog.getByRole("button", { name: "Open the workspace" }).click();
  await admin.waitForURL(tenantUrl(SLUG, "/dashboard"));
  await admin.waitForLoadState("networkidle");
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

  const exited = admin.waitForResponse((r) => r.url().endsWith("/api/support/exit"));
  await admin.getByTestId("support-banner").getByRole("button", { name: "Exit support mode" }).click();
  expect((await exited).headers().location).toBe(adminUrl(`/tenants/${tenantId}`));
  // Back on the tenant's page in the console, still signed in there.
  await admin.waitForURL(adminUrl(`/tenants/${tenantId}`));
  await expect(admin.getByRole("button", { name: "View as tenant" })).toBeVisible();
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

  // Support then suspends the workspace with a reason; the owner reads it on the console and in Activity.
  const SUSPENSION = "Chargebacks reported by the bank on three payments";
  await admin.goto(adminUrl(`/tenants/${tenantId}`));
  await admin.getByTestId("action-suspend").click();
  const suspend = admin.getByRole("dialog", { name: /^Suspend / });
  await suspend.getByLabel("Reason").fill(SUSPENSION);
  await suspend.getByRole("button", { name: "Suspend" }).click();
  await expect(admin.getByText(`Suspended by support since`)).toBeVisible();
  await expect(admin.getByText(SUSPENSION).first()).toBeVisible();
  await owner.goto(tenantUrl(SLUG, "/dashboard"));
  await expect(owner.getByText(SUSPENSION).first()).toBeVisible();
  await open(owner, tenantUrl(SLUG, "/activity"));
  await expect(owner.getByText(`Frontdesk support suspended this workspace: ${SUSPENSION}`)).toBeVisible();
});

/** "+213 21 55 01 02" → "021 55 01 02": the trunk prefix, in pairs, as people write it. */
function nationalFormat(e164: string): string {
  const national = `0${e164.replace(/^\+213/, "")}`;
  return national.replace(/^(\d{3})(\d{2})(\d{2})(\d{2})$/, "$1 $2 $3 $4");
}

