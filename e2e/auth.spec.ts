import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, apexUrl, expectToast, latestMailTo, linkIn, open, seededTenant, tenantUrl } from "./support/console-session";

/*
 * Issue 3's acceptance, in real Chromium against `npm run dev` (embedded
 * database, seeded): sign-up lands on the new tenant's subdomain; an
 * invitation is accepted from its emailed link in a second browser; staff
 * cannot reach settings (UI and API); another tenant's subdomain is a 404; a
 * user of two tenants switches between them; sign-out ends the session on
 * every host; the header's language switch flips the console between French
 * and English.
 *
 * The tenant signed up here keeps the form's default language, French, as
 * does cabinet-dupont: their consoles are found by their French names
 * (lib/i18n/shell-messages.ts, lib/i18n/team-messages.ts).
 */

/** The Business page's save, sent from the page itself (same origin, the page's cookies). */
async function patchSettings(page: Page, body: unknown): Promise<{ status: number; body: { error: { code: string; field?: string } } }> {
  return page.evaluate(async (data) => {
    const response = await fetch("/api/settings/business", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(data),
    });
    return { status: response.status, body: await response.json() };
  }, body);
}

async function invite(owner: Page, slug: string, email: string, role: string): Promise<string> {
  await open(owner, tenantUrl(slug, "/team"));
  const form = owner.getByRole("form", { name: "Inviter un membre de l'équipe" });
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Rôle").selectOption(role);
  await form.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expectToast(owner, `Invitation envoyée à ${email}.`);
  return linkIn(await latestMailTo(email));
}

test("sign up, invite, roles, tenant isolation, switching and sign-out", async ({ page: owner, browser }) => {
  test.setTimeout(120_000);
  const slug = `e2e-${Date.now().toString(36)}`;
  const staffEmail = `staff-${slug}@example.test`;

  // Bad input is refused with the field named, and nothing is created.
  await open(owner, "/sign-up");
  const signUp = owner.getByRole("form", { name: "Create your account" });
  await signUp.getByLabel("Business name").fill("E2E Salon");
  await signUp.getByLabel("Web address").fill(slug);
  await signUp.getByLabel("Region").selectOption("CH");
  await signUp.getByLabel("Language").selectOption("fr");
  await signUp.getByLabel("Your name").fill("Olivia Owner");
  await signUp.getByLabel("Email").fill(`owner-${slug}@example.test`);
  await signUp.getByLabel("Password").fill("short");
  await signUp.getByRole("button", { name: "Create account" }).click();
  await expect(signUp.getByText("Password must be at least 12 characters")).toBeVisible();

  await signUp.getByLabel("Password").fill(PASSWORD);
  await signUp.getByRole("button", { name: "Create account" }).click();
  await owner.waitForURL(tenantUrl(slug, "/dashboard"));
  await expect(owner.getByRole("heading", { level: 1, name: "E2E Salon" })).toBeVisible();
  await expect(owner.getByTestId("dashboard-role")).toHaveAttribute("data-role", "owner");

  // The language switch in the header: French (the tenant's) to English and back, remembered across pages.
  await open(owner, tenantUrl(slug, "/team"));
  await expect(owner.getByRole("heading", { level: 1, name: "Équipe" })).toBeVisible();
  await owner.getByRole("button", { name: "Langue : English" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
  await expect(owner).toHaveURL(tenantUrl(slug, "/team"));
  await expect(owner.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(owner.getByRole("form", { name: "Invite a team member" }).getByRole("button", { name: "Send invitation" })).toBeVisible();
  await open(owner, tenantUrl(slug, "/settings"));
  await expect(owner.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await owner.getByRole("button", { name: "Language: Français" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Paramètres" })).toBeVisible();
  await expect(owner.getByRole("navigation", { name: "Espace de travail" }).getByRole("link", { name: "Équipe", exact: true })).toBeVisible();

  // Invite a staff member; they accept from the outbox link in another browser.
  const staffLink = await invite(owner, slug, staffEmail, "staff");
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await open(staff, staffLink);
  await expect(staff.getByRole("heading", { name: "Join E2E Salon" })).toBeVisible();
  const accept = staff.getByRole("form", { name: "Accept invitation" });
  await accept.getByLabel("Your name").fill("Sam Staff");
  await accept.getByLabel("Choose a password").fill(PASSWORD);
  await accept.getByRole("button", { name: "Create account and join" }).click();
  await staff.waitForURL(tenantUrl(slug, "/dashboard"));
  await expect(staff.getByTestId("dashboard-role")).toHaveAttribute("data-role", "staff");

  // The link is single-use.
  const reuse = await staff.request.post(apexUrl("/api/auth/invitations/accept").toString(), {
    data: { slug, token: staffLink.split("/").pop(), name: "Again", password: PASSWORD },
  });
  expect(reuse.status()).toBe(409);

  // Staff: no settings in the UI, and the server refuses the action.
  const nav = staff.getByRole("navigation", { name: "Espace de travail" });
  await expect(nav.getByRole("link", { name: "Équipe", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Paramètres" })).toHaveCount(0);
  await open(staff, tenantUrl(slug, "/settings"));
  await expect(staff.getByRole("heading", { name: "Vous n'avez pas accès à : les paramètres" })).toBeVisible();
  const refused = await patchSettings(staff, { businessName: "Hijacked", timezone: "Europe/Zurich", languages: ["fr"] });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe("forbidden");
  // …while the owner may, and bad input names the field.
  const bad = await patchSettings(owner, { businessName: "", timezone: "Europe/Zurich", languages: ["fr"] });
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe("businessName");

  // A member of this tenant opening another tenant's subdomain gets a 404.
  const foreign = await staff.goto(tenantUrl("cabinet-dupont", "/dashboard"));
  expect(foreign?.status()).toBe(404);
  const unknown = await staff.goto(tenantUrl("no-such-tenant-here", "/dashboard"));
  expect(unknown?.status()).toBe(404);

  // A role change applies at the member's next request.
  await open(owner, tenantUrl(slug, "/team"));
  const row = owner.getByTestId(`member-${staffEmail}`);
  await row.getByLabel("Rôle de Sam Staff").selectOption("viewer");
  const saved = owner.waitForResponse((r) => r.url().includes("/api/team/members/") && r.request().method() === "PATCH");
  await row.getByRole("button", { name: "Enregistrer le rôle" }).click();
  expect((await saved).status()).toBe(200);
  await staff.goto(tenantUrl(slug, "/dashboard"));
  await expect(staff.getByTestId("dashboard-role")).toHaveAttribute("data-role", "viewer");

  // An existing user (the seeded owner of cabinet-dupont) joins too, then switches tenants.
  const dupont = await seededTenant("cabinet-dupont");
  const adminLink = await invite(owner, slug, dupont.ownerEmail, "admin");
  const dupontContext = await browser.newContext();
  const member = await dupontContext.newPage();
  await open(member, adminLink);
  const join = member.getByRole("form", { name: "Accept invitation" });
  await join.getByLabel("Your password").fill(dupont.ownerPassword);
  await join.getByRole("button", { name: "Sign in and join" }).click();
  await member.waitForURL(tenantUrl(slug, "/dashboard"));
  await expect(member.getByTestId("dashboard-role")).toHaveAttribute("data-role", "admin");

  // The workspace menu at the top of the sidebar, by keyboard.
  await member.getByRole("button", { name: /Changer d'espace/ }).focus();
  await member.keyboard.press("Enter");
  await member.getByRole("menuitemradio", { name: "Cabinet Dr Dupont" }).click();
  await member.waitForURL(tenantUrl("cabinet-dupont", "/dashboard"));
  await expect(member.getByRole("heading", { level: 1, name: "Cabinet Dr Dupont" })).toBeVisible();
  await expect(member.getByTestId("dashboard-role")).toHaveAttribute("data-role", "owner");
  await member.getByRole("button", { name: /Changer d'espace/ }).click();
  await member.getByRole("menuitemradio", { name: "E2E Salon" }).click();
  await member.waitForURL(tenantUrl(slug, "/dashboard"));
  await expect(member.getByTestId("dashboard-role")).toHaveAttribute("data-role", "admin");

  // Sign-out ends the session on every host, not just this one.
  await member.getByRole("button", { name: "Se déconnecter" }).click();
  await member.waitForURL(/\/sign-in\?signed_out=1$/);
  await expect(member.getByRole("status")).toHaveText("You are signed out.");
  await member.goto(tenantUrl("cabinet-dupont", "/dashboard"));
  await expect(member).toHaveURL(/\/sign-in\?to=cabinet-dupont/);

  // The owner hands the workspace over; they stay on as admin.
  await open(owner, tenantUrl(slug, "/team"));
  const transfer = owner.getByRole("form", { name: "Transférer la propriété" });
  const newOwner = (await transfer.locator("option", { hasText: dupont.ownerEmail }).getAttribute("value"))!;
  await transfer.getByLabel("Nouveau propriétaire").selectOption(newOwner);
  await transfer.getByRole("button", { name: "Transférer la propriété" }).click();
  await expect(transfer.getByRole("alert")).toHaveText("Cochez la case pour confirmer.");
  await transfer.getByLabel("Je comprends que je ne serai plus propriétaire").check();
  const transferred = owner.waitForResponse((r) => r.url().includes("/api/team/ownership"));
  await transfer.getByRole("button", { name: "Transférer la propriété" }).click();
  expect((await transferred).status()).toBe(200);
  // The page refreshes as an admin: the member list shows the new owner and the form is gone.
  await expect(owner.getByTestId(`member-${dupont.ownerEmail}`)).toContainText("propriétaire");
  await expect(owner.getByRole("form", { name: "Transférer la propriété" })).toHaveCount(0);
  await open(owner, tenantUrl(slug, "/dashboard"));
  await expect(owner.getByTestId("dashboard-role")).toHaveAttribute("data-role", "admin");

  await staffContext.close();
  await dupontContext.close();
});

test("sign-in refuses a wrong password with the generic message", async ({ page }) => {
  await open(page, "/sign-in");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill("nobody@example.test");
  await form.getByLabel("Password").fill("not the password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("Email or password is incorrect.");
});
