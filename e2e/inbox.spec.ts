import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { apexUrl, expectToast, inviteMember, open, seededTenant, signInAsOwner, tenantUrl } from "./support/console-session";

/*
 * Issue 13's hand-off inbox and notifications in real Chromium. A visitor on
 * maple-dental's demo page asks the widget for a person; Sam (staff) takes
 * the conversation over from the inbox and replies, and the visitor's widget
 * shows "Sam (team)"; the visitor's next message is stored for Sam, not
 * answered by the receptionist; after Resolve the receptionist answers again.
 * Then a booking made in web chat rings the owner's bell, in another browser
 * context, within two seconds.
 */

const SLUG = "maple-dental";
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function workingDayAhead(): string {
  for (let i = 2; i < 9; i++) {
    const day = new Date(Date.now() + i * 86_400_000).getUTCDay();
    if (day >= 1 && day <= 5) return WEEKDAYS[day]!;
  }
  return "Tuesday";
}

async function openWidget(page: Page) {
  const { widgetKey } = await seededTenant(SLUG);
  expect((await page.goto(tenantUrl(SLUG, `/demo/${SLUG}?key=${widgetKey}`)))?.status()).toBe(200);
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: /^Open chat with / }).click();
  await expect(page.getByRole("dialog", { name: /^Chat with / })).toBeVisible();
}

async function visitorSays(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Your message…" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  // The send button comes back once the chat API has answered.
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled({ timeout: 30_000 });
}

test("a staff reply reaches the visitor's widget; the receptionist stays silent until Resolve", async ({ browser }) => {
  test.setTimeout(240_000);
  const owner = await signInAsOwner(browser, SLUG);
  const sam = await inviteMember(browser, owner, SLUG, { email: `sam-${Date.now().toString(36)}@inbox.test`, role: "staff", name: "Sam Rivera" });

  const visitor = await (await browser.newContext()).newPage();
  await openWidget(visitor);
  const log = visitor.getByRole("log");
  await visitorSays(visitor, "Can you transfer me to the receptionist?");
  await expect(log).toContainText("A member of the team will take over.");
  const conversationId = await visitor.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const k = sessionStorage.key(i)!;
      if (k.startsWith("frontdesk:")) return sessionStorage.getItem(k);
    }
    return null;
  });
  expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);

  // Sam finds it in the inbox (with its count in the navigation) and takes it over.
  await open(sam, tenantUrl(SLUG, "/inbox"));
  await expect(sam.getByTestId("inbox-count").first()).toBeVisible();
  await sam.locator(`a[href="/inbox/${conversationId}"]`).click();
  await sam.waitForURL(tenantUrl(SLUG, `/inbox/${conversationId}`));
  await sam.getByRole("button", { name: "Take over" }).click();
  await expectToast(sam, "Taken over.");
  await sam.getByLabel("Your reply").fill("Hi, Sam here from Maple Dental. How can I help?");
  await sam.getByRole("button", { name: "Send", exact: true }).click();
  await expectToast(sam, "Reply sent.");

  // The widget shows it, signed by Sam of the team.
  const team = log.locator(".team");
  await expect(team).toHaveCount(1, { timeout: 15_000 });
  await expect(team).toContainText("Sam (team)");
  await expect(team).toContainText("Hi, Sam here from Maple Dental. How can I help?");

  // The visitor answers Sam: stored for him, no receptionist reply in the widget.
  const agentBefore = await log.locator(".msg.agent").count();
  await visitorSays(visitor, "I need to change my crown appointment");
  await expect(sam.getByTestId("inbox-transcript")).toContainText("I need to change my crown appointment", { timeout: 10_000 });
  expect(await log.locator(".msg.agent").count()).toBe(agentBefore);

  // Resolve hands the conversation back: the receptionist answers again.
  await sam.getByRole("button", { name: "Resolve" }).click();
  await expectToast(sam, "Resolved: the receptionist answers again.");
  await visitorSays(visitor, "What are your opening hours?");
  await expect(log.locator(".msg.agent").last()).toContainText(/We are open/, { timeout: 15_000 });
});

async function bookInWebChat(request: APIRequestContext): Promise<number> {
  const { widgetKey } = await seededTenant(SLUG);
  let conversationId: string | undefined;
  const say = async (message: string) => {
    const res = await request.post(apexUrl("/api/v1/chat").toString(), {
      headers: { "x-tenant-key": widgetKey },
      data: { message, locale: "en", ...(conversationId ? { conversationId } : {}) },
    });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { conversationId: string; reply: string };
    conversationId = body.conversationId;
    return body.reply;
  };
  let reply = await say(`Can I get a checkup on ${workingDayAhead()} at 10am?`);
  for (let turn = 0; turn < 6 && !/booked/i.test(reply); turn++) {
    if (/Shall I book|book it/i.test(reply)) reply = await say("yes");
    else if (/name/i.test(reply)) reply = await say("Olga Tester");
    else if (/phone|number/i.test(reply)) reply = await say("+1 416 555 0177");
    else if (/prefer|which/i.test(reply)) reply = await say("the first one");
    else throw new Error(`unexpected reply: ${reply}`);
  }
  expect(reply).toMatch(/You're booked/);
  return Date.now();
}

test("a booking made in web chat appears in another browser context's bell within two seconds", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const owner = await signInAsOwner(browser, SLUG);
  const bell = owner.getByTestId("notification-bell");
  await expect(bell).toBeVisible();
  // Whatever is unread already (the hand-off of the other test), once the bell has loaded.
  await owner.waitForResponse((r) => new URL(r.url()).pathname === "/api/notifications");
  const count = owner.getByTestId("notification-count");
  const before = (await count.count()) ? Number(await count.textContent()) : 0;

  const bookedAt = await bookInWebChat(request);
  await expect(count).toHaveText(String(before + 1), { timeout: 2_000 });
  expect(Date.now() - bookedAt).toBeLessThan(2_000);

  await bell.click();
  const list = owner.getByTestId("notification-list");
  await expect(list.getByRole("link").first()).toHaveText("New booking by the receptionist");
  await expect(list.locator("li").first()).toContainText("Checkup");
  await owner.getByRole("button", { name: "Mark all read" }).click();
  await expect(count).toHaveCount(0);
});
