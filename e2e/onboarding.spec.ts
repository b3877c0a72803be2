import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, expectToast, open, tenantUrl } from "./support/console-session";

/*
 * A new sign-up in real Chromium: the Overview's setup checklist starts
 * empty and ticks itself as each step is done on its own page (hours,
 * a service, the greeting, a channel, a test conversation). "Try your
 * receptionist" holds a whole booking conversation with the real engine,
 * and leaves nothing behind: no appointment, no client, no conversation.
 */

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A weekday name 2 to 8 days ahead that falls Monday to Friday (the default opening days). */
function workingDayAhead(): string {
  for (let i = 2; i < 9; i++) {
    const day = new Date(Date.now() + i * 86_400_000).getUTCDay();
    if (day >= 1 && day <= 5) return WEEKDAYS[day]!;
  }
  return "Tuesday";
}

async function steps(page: Page) {
  await open(page, page.url().replace(/\/[^/]*$/, "/dashboard"));
  const list = page.getByRole("list", { name: "Setup steps" });
  return Object.fromEntries(
    await Promise.all(["hours", "service", "greeting", "channel", "test"].map(async (s) => [s, await list.locator(`[data-step="${s}"]`).getAttribute("data-done")])),
  ) as Record<string, string>;
}

test("the checklist ticks itself; Try your receptionist books nothing real", async ({ page }) => {
  test.setTimeout(240_000);
  const slug = `onboard-${Date.now().toString(36)}`;
  await open(page, "/sign-up");
  const signUp = page.getByRole("form", { name: "Create your account" });
  await signUp.getByLabel("Business name").fill("Onboard Clinic");
  await signUp.getByLabel("Web address").fill(slug);
  await signUp.getByLabel("Region").selectOption("CH");
  await signUp.getByLabel("Language").selectOption("en");
  await signUp.getByLabel("Your name").fill("Olga Owner");
  await signUp.getByLabel("Email").fill(`owner-${slug}@example.test`);
  await signUp.getByLabel("Password").fill(PASSWORD);
  await signUp.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(tenantUrl(slug, "/dashboard"));

  await expect(page.getByRole("heading", { level: 2, name: "Get your receptionist ready" })).toBeVisible();
  expect(await steps(page)).toEqual({ hours: "false", service: "false", greeting: "false", channel: "false", test: "false" });
  // Each step links to its page.
  await expect(page.getByRole("link", { name: "Check your business hours" })).toHaveAttribute("href", "/business");

  // 1. Hours: looked at and saved.
  await open(page, tenantUrl(slug, "/business"));
  await page.getByRole("form", { name: "Business settings" }).getByRole("button", { name: "Save", exact: true }).click();
  await expectToast(page, "Business settings saved.");
  expect((await steps(page)).hours).toBe("true");

  // 2. A service.
  await open(page, tenantUrl(slug, "/services"));
  const add = page.getByRole("form", { name: "Add a service" });
  await add.getByLabel("Name").fill("Consultation");
  await add.getByLabel("Duration (minutes)").fill("30");
  await add.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("form", { name: "Service Consultation" })).toBeVisible();
  expect((await steps(page)).service).toBe("true");

  // 3. The greeting.
  await open(page, tenantUrl(slug, "/agent"));
  const persona = page.getByRole("form", { name: "Receptionist settings" });
  await persona.getByLabel("Greeting in English").fill("Onboard Clinic, hello! This is Camille.");
  await persona.getByRole("button", { name: "Save", exact: true }).click();
  await expectToast(page, "Receptionist settings saved.");
  expect((await steps(page)).greeting).toBe("true");

  // 4. A channel: a widget key.
  await open(page, tenantUrl(slug, "/channels"));
  const create = page.getByRole("form", { name: "Create a widget key" });
  await create.getByLabel("Key name").fill("Website");
  await create.getByRole("button", { name: "Create widget key" }).click();
  await expect(page.getByTestId("new-widget-key")).toHaveText(/^fdw_/);
  expect((await steps(page)).channel).toBe("true");
  expect((await steps(page)).test).toBe("false");

  // 5. Try your receptionist: a booking conversation, as a caller would hold it.
  await page.getByRole("button", { name: "Try your receptionist" }).click();
  const chat = page.getByRole("dialog", { name: "Try your receptionist" });
  await expect(chat).toContainText("Test mode — nothing is booked or stored.");
  const log = chat.getByRole("log", { name: "Test conversation" });
  const say = async (text: string) => {
    const before = await log.locator('[data-from="agent"]').count();
    await chat.getByLabel("Your message").fill(text);
    await chat.getByRole("button", { name: "Send" }).click();
    await expect(log.locator('[data-from="agent"]')).toHaveCount(before + 1, { timeout: 20_000 });
    return (await log.locator('[data-from="agent"]').last().textContent()) ?? "";
  };
  let reply = await say(`I'd like a consultation on ${workingDayAhead()} at 10am`);
  for (let turn = 0; turn < 6 && !/booked/i.test(reply); turn++) {
    if (/Shall I book/i.test(reply)) reply = await say("yes");
    else if (/What name/i.test(reply)) reply = await say("Olga Tester");
    else if (/phone/i.test(reply)) reply = await say("+41 79 123 45 67");
    else if (/prefer|which/i.test(reply)) reply = await say("the first one");
    else throw new Error(`unexpected reply: ${reply}`);
  }
  expect(reply).toMatch(/You're booked: Consultation/);
  await expect(chat.getByTestId("rehearsal-note")).toContainText("Would have booked Consultation");
  await page.keyboard.press("Escape");

  // The checklist is done (and steps aside); nothing was stored.
  await open(page, tenantUrl(slug, "/dashboard"));
  await expect(page.getByTestId("setup-checklist")).toHaveCount(0);
  for (const kind of ["appointments", "clients", "conversations"]) {
    // From the page itself: only Chromium resolves *.localhost.
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), `/api/exports/${kind}`);
    expect(csv.trim().split("\r\n"), kind).toHaveLength(1);
  }
  await open(page, tenantUrl(slug, "/appointments"));
  await expect(page.getByRole("list", { name: "Appointments of the week" }).getByRole("button")).toHaveCount(0);
});
