import { expect, test } from "@playwright/test";
import { apexUrl, call, inviteMember, open, seededTenant, signInAsOwner, tenantUrl } from "./support/console-session";

/*
 * Issue 4's day-to-day views in real Chromium: a visitor chats through the
 * public web chat API with maple-dental's seeded widget key; the owner sees
 * the conversation on the Overview and opens its transcript; a settings
 * change shows up on the Activity page; staff cannot open Activity (page or
 * API).
 */

test("a web chat shows on the Overview with its transcript; Activity lists settings changes for owners only", async ({ browser, request }) => {
  test.setTimeout(240_000);
  const slug = "maple-dental";
  const tenant = await seededTenant(slug);
  const question = `What are your opening hours? (e2e ${Date.now().toString(36)})`;

  // A visitor talks to the receptionist through the public chat API.
  const chat = await request.post(apexUrl("/api/v1/chat").toString(), {
    headers: { "x-tenant-key": tenant.widgetKey },
    data: { message: question, locale: "en" },
  });
  expect(chat.status()).toBe(200);
  const { conversationId, reply } = (await chat.json()) as { conversationId: string; reply: string };
  // Exact hours depend on what other specs saved for this tenant; the answer is about opening hours.
  expect(reply).toMatch(/^We are open .*Monday/);

  // The owner sees it among the latest web chats, with this month's usage against the plan.
  const owner = await signInAsOwner(browser, slug);
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
  const dupont = await seededTenant("cabinet-dupont");
  const foreign = await request.post(apexUrl("/api/v1/chat").toString(), {
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

  // Staff, invited through the team page and the emailed link, cannot open Activity.
  const staffEmail = `staff-${Date.now().toString(36)}@example.test`;
  const staff = await inviteMember(browser, owner, slug, { email: staffEmail, role: "staff", name: "Sam Staff" });
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
