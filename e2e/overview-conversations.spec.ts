import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";

/*
 * Issue 4's day-to-day views in real Chromium: a visitor chats through the
 * public web chat API with maple-dental's seeded widget key; the owner sees
 * the conversation on the Overview and opens its transcript; a settings
 * change shows up on the Activity page; staff cannot open Activity (page or
 * API).
 */

let base = new URL("http://localhost:3100");
test.beforeEach(({ baseURL }) => {
  if (baseURL) base = new URL(baseURL);
});
const tenantUrl = (slug: string, pathname = "/") => `${base.protocol}//${slug}.${base.host}${pathname}`;
const PASSWORD = "a long enough passphrase";

interface SeededTenant {
  slug: string;
  ownerEmail: string;
  ownerPassword: string;
  widgetKey: string;
}

async function seeded(slug: string): Promise<SeededTenant> {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data", "seed.json");
  const seed = JSON.parse(await readFile(file, "utf8")) as { tenants: SeededTenant[] };
  return seed.tenants.find((x) => x.slug === slug)!;
}

/** Navigates and lets the dev server settle (a first visit compiles the route and may reload once). */
async function open(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForLoadState("networkidle");
  return response;
}

async function signIn(browser: Browser, tenant: SeededTenant): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await open(page, tenantUrl(tenant.slug, "/dashboard"));
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(tenant.ownerEmail);
  await form.getByLabel("Password").fill(tenant.ownerPassword);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(tenantUrl(tenant.slug, "/dashboard"));
  return page;
}

/** A console API call from the page itself (same origin, the page's cookies). */
async function call(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    },
    { method, url, body },
  );
}

test("a web chat shows on the Overview with its transcript; Activity lists settings changes for owners only", async ({ browser, request }) => {
  test.setTimeout(240_000);
  const slug = "maple-dental";
  const tenant = await seeded(slug);
  const question = `What are your opening hours? (e2e ${Date.now().toString(36)})`;

  // A visitor talks to the receptionist through the public chat API.
  const chat = await request.post(new URL("/api/v1/chat", base).toString(), {
    headers: { "x-tenant-key": tenant.widgetKey },
    data: { message: question, locale: "en" },
  });
  expect(chat.status()).toBe(200);
  const { conversationId, reply } = (await chat.json()) as { conversationId: string; reply: string };
  // Exact hours depend on what other specs saved for this tenant; the answer is about opening hours.
  expect(reply).toMatch(/^We are open .*Monday/);

  // The owner sees it among the latest web chats, with this month's usage against the plan.
  const owner = await signIn(browser, tenant);
  await expect(owner.getByRole("heading", { level: 1, name: "Maple Dental" })).toBeVisible();
  await expect(owner.getByTestId("dashboard-role")).toHaveAttribute("data-role", "owner");
  await expect(owner.getByRole("heading", { name: "Today" })).toBeVisible();
  const webChats = owner.getByRole("list", { name: "Latest Web chat conversations" });
  const link = webChats.locator(`a[href="/conversations/${conversationId}"]`);
  await expect(link).toHaveText("Unknown visitor");
  const usage = owner.getByRole("region", { name: "This month's usage" });
  await expect(usage).toContainText("Pro plan");
  await expect(usage.getByTestId("usage-conversations")).toContainText(/\d+ of 1,500/);
  await expect(usage.getByRole("progressbar", { name: /^Conversations: / })).toBeVisible();
  await expect(usage.getByTestId("usage-inbound_message")).toContainText("no limit on your plan");

  // Its transcript, in order, from the Overview link.
  await link.click();
  await owner.waitForURL(tenantUrl(slug, `/conversations/${conversationId}`));
  await expect(owner.getByRole("heading", { level: 1, name: "Web chat with Unknown visitor" })).toBeVisible();
  const transcript = owner.getByRole("list", { name: "Transcript" });
  await expect(transcript.getByRole("listitem")).toHaveCount(2);
  await expect(transcript.getByRole("listitem").first()).toContainText("Visitor");
  await expect(transcript.getByRole("listitem").first()).toContainText(question);
  await expect(transcript.getByRole("listitem").nth(1)).toContainText("Receptionist");
  await expect(transcript.getByRole("listitem").nth(1)).toContainText(reply);
  await expect(owner.getByText("No booking, change or handoff in this conversation.")).toBeVisible();

  // The list filters by channel; another tenant's id and an unknown one are 404s.
  await open(owner, tenantUrl(slug, "/conversations"));
  const filters = owner.getByRole("form", { name: "Filter conversations" });
  await filters.getByLabel("Channel").selectOption("web");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await owner.waitForURL(/channel=web/);
  const table = owner.getByRole("table", { name: "Conversations" });
  await expect(table.getByRole("link", { name: /^Open the conversation with Unknown visitor/ }).first()).toBeVisible();
  await expect(table.getByTestId(`conversation-${conversationId}`)).toContainText("Web chat");
  await filters.getByLabel("Channel").selectOption("voice");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await owner.waitForURL(/channel=voice/);
  await expect(owner.getByTestId(`conversation-${conversationId}`)).toHaveCount(0);
  expect((await open(owner, tenantUrl(slug, "/conversations/00000000-0000-4000-8000-000000000000")))!.status()).toBe(404);
  const dupont = await seeded("cabinet-dupont");
  const foreign = await request.post(new URL("/api/v1/chat", base).toString(), {
    headers: { "x-tenant-key": dupont.widgetKey },
    data: { message: "Bonjour" },
  });
  const foreignId = ((await foreign.json()) as { conversationId: string }).conversationId;
  expect((await open(owner, tenantUrl(slug, `/conversations/${foreignId}`)))!.status()).toBe(404);

  // A settings change, then the Activity page lists it with who made it.
  const reason = `E2E closure ${Date.now().toString(36)}`;
  await open(owner, tenantUrl(slug, "/dashboard"));
  const closure = await call(owner, "POST", "/api/settings/closures", { startsOn: "2031-12-24", endsOn: "2031-12-26", reason });
  expect(closure.status).toBe(201);
  await open(owner, tenantUrl(slug, "/activity"));
  await expect(owner.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
  const events = owner.getByRole("list", { name: "Activity" });
  const closureAdded = /Closure added from Wed, Dec 24, 2031 to Fri, Dec 26, 2031/;
  const row = events.getByRole("listitem").filter({ hasText: closureAdded }).first();
  await expect(row).toContainText(tenant.ownerEmail);
  await expect(row).not.toContainText("settings.closure.created", { useInnerText: true });
  // The codes and the IP stay one click away for support.
  await row.getByText("Details").click();
  await expect(row).toContainText("settings.closure.created", { useInnerText: true });
  const activityFilter = owner.getByRole("form", { name: "Filter activity" });
  await activityFilter.getByLabel("Action").selectOption("secret");
  await activityFilter.getByRole("button", { name: "Apply filter" }).click();
  await owner.waitForURL(/action=secret/);
  await expect(events.getByRole("listitem").filter({ hasText: closureAdded })).toHaveCount(0);
  await activityFilter.getByLabel("Action").selectOption("settings");
  await activityFilter.getByRole("button", { name: "Apply filter" }).click();
  await owner.waitForURL(/action=settings/);
  await expect(events.getByRole("listitem").filter({ hasText: closureAdded }).first()).toBeVisible();

  // Staff, invited through the team page and the dev outbox, cannot open Activity.
  const staffEmail = `staff-${Date.now().toString(36)}@example.test`;
  await open(owner, tenantUrl(slug, "/team"));
  const invite = owner.getByRole("form", { name: "Invite a team member" });
  await invite.getByLabel("Email").fill(staffEmail);
  await invite.getByLabel("Role").selectOption("staff");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByRole("status")).toHaveText(`Invitation sent to ${staffEmail}.`);
  await open(owner, tenantUrl(slug, "/outbox"));
  const inviteLink = (await owner.getByRole("article", { name: `Email to ${staffEmail}` }).first().getByRole("link").getAttribute("href"))!;
  const staff = await (await browser.newContext()).newPage();
  await open(staff, inviteLink);
  const accept = staff.getByRole("form", { name: "Accept invitation" });
  await accept.getByLabel("Your name").fill("Sam Staff");
  await accept.getByLabel("Choose a password").fill(PASSWORD);
  await accept.getByRole("button", { name: "Create account and join" }).click();
  await staff.waitForURL(tenantUrl(slug, "/dashboard"));
  await expect(staff.getByTestId("dashboard-role")).toHaveAttribute("data-role", "staff");
  await expect(staff.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Activity" })).toHaveCount(0);
  await open(staff, tenantUrl(slug, "/activity"));
  await expect(staff.getByRole("heading", { name: "You don't have access to activity" })).toBeVisible();
  await expect(staff.getByRole("list", { name: "Activity" })).toHaveCount(0);
  expect((await call(staff, "GET", "/api/activity")).status).toBe(403);
  // Staff run the day: conversations stay open to them.
  await open(staff, tenantUrl(slug, `/conversations/${conversationId}`));
  await expect(staff.getByRole("list", { name: "Transcript" })).toContainText(question);
});
