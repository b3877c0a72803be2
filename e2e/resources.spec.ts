import { expect, test } from "@playwright/test";
import { call, expectToast, inviteMember, open, signInAsOwner, tenantUrl } from "./support/console-session";

/*
 * Staff & rooms in real Chromium: maple-dental's owner adds a person, links
 * a staff member's account, gives them one service, a week with a break (an
 * interval outside the business's hours is refused next to its field) and a
 * day off; the week grid then shows their column in every day, and the
 * owner books into it. The linked staff member opens Appointments on their
 * own day, and can see everyone.
 */

const SLUG = "maple-dental";

/** The Tuesday of next week on Toronto's clock (never in the past, always a working day). */
function nextTuesdayInToronto(): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  d.setUTCDate(d.getUTCDate() + (7 - weekday) + 2);
  return d.toISOString().slice(0, 10);
}

test("owner sets up a person with hours and a service, sees their column; the linked staff member sees their day", async ({ browser }) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  const name = `Karim ${suffix.slice(-4)}`;
  const owner = await signInAsOwner(browser, SLUG);
  const staff = await inviteMember(browser, owner, SLUG, { email: `karim-${suffix}@example.test`, role: "staff", name: `Karim Staff ${suffix}` });
  // A known week to start from: earlier specs on this server change maple-dental's hours (a Monday lunch break).
  await open(owner, tenantUrl(SLUG, "/business"));
  const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "17:00" }));
  expect((await call(owner, "PUT", "/api/settings/hours", { hours: weekdays })).status).toBe(200);

  // Add: lands on the new person's page.
  await open(owner, tenantUrl(SLUG, "/resources"));
  await expect(owner.getByRole("heading", { level: 1, name: "Staff & rooms" })).toBeVisible();
  const add = owner.getByRole("form", { name: "Add a person or a room" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Kind").selectOption("staff");
  await add.getByRole("button", { name: "Add", exact: true }).click();
  await expectToast(owner, `${name} added.`);
  await expect(owner.getByRole("heading", { level: 1, name })).toBeVisible();

  const form = owner.getByRole("form", { name });
  await form.getByLabel("Member account").selectOption({ label: `Karim Staff ${suffix} (karim-${suffix}@example.test)` });
  // Only Checkup (earlier specs on this server may have added services of their own).
  const services = form.locator('input[name="serviceIds"]');
  for (let i = 0; i < (await services.count()); i++) await services.nth(i).uncheck();
  await form.getByRole("checkbox", { name: "Checkup", exact: true }).check();

  // Own hours: Monday with a lunch break; Tuesday past the business's closing is refused next to the field.
  await form.getByRole("checkbox", { name: "Works the business's hours" }).uncheck();
  await form.getByLabel("Monday until", { exact: true }).fill("12:00");
  await form.getByRole("button", { name: "Add an interval on Monday" }).click();
  await form.getByLabel("Monday from (interval 2)").fill("13:00");
  await form.getByLabel("Monday until (interval 2)").fill("17:00");
  await form.getByLabel("Tuesday until", { exact: true }).fill("19:00");
  await owner.getByRole("button", { name: "Save", exact: true }).click();
  await expect(form.getByText("Tuesday 09:00 – 19:00 is outside the business's hours (09:00 – 17:00)")).toBeVisible();
  await form.getByLabel("Tuesday until", { exact: true }).fill("16:00");

  await form.getByRole("button", { name: "Add days off" }).click();
  const dayOff = form.getByRole("listitem", { name: "Days off 1" });
  await dayOff.getByLabel("First day").fill("2031-07-01");
  await dayOff.getByLabel("Last day").fill("2031-07-14");
  await dayOff.getByLabel("Reason").fill("Holidays");
  await owner.getByRole("button", { name: "Save", exact: true }).click();
  await expectToast(owner, `${name} saved.`);

  // The list says what sets them apart.
  await open(owner, tenantUrl(SLUG, "/resources"));
  const row = owner.getByRole("list", { name: "Staff and rooms" }).locator(`li[data-resource="${name}"]`);
  await expect(row).toContainText("1 service");
  await expect(row).toContainText("Own hours");
  await expect(row).toContainText(`Linked to Karim Staff ${suffix}`);

  // The week grid: every day holds a column for them, shaded with their own hours.
  const tuesday = nextTuesdayInToronto();
  await open(owner, tenantUrl(SLUG, `/appointments?week=${tuesday}`));
  const week = owner.getByRole("list", { name: "Appointments of the week" });
  await expect(week.locator(`[data-resource="${name}"]`)).toHaveCount(7);
  await expect(owner.getByLabel("Staff or room")).toBeVisible();

  // Booking into their diary from the console.
  const book = owner.getByRole("form", { name: "New appointment" });
  await book.getByLabel("Service").selectOption({ label: "Checkup (30 min)" });
  await book.getByLabel("With").selectOption({ label: name });
  await book.getByLabel("Client name").fill(`Client ${suffix}`);
  await book.getByLabel("Client phone").fill(`(416) 555-01${String(10 + (Date.now() % 90))}`);
  await book.getByLabel("Date").fill(tuesday);
  await book.getByLabel("Time").fill("10:00");
  await book.getByRole("button", { name: "Book appointment" }).click();
  await expectToast(owner, /Appointment booked/);
  const column = week.locator(`li[data-date="${tuesday}"] [data-resource="${name}"]`);
  await expect(column.getByRole("button", { name: new RegExp(`Client ${suffix}`) })).toBeVisible();

  // Filtered to them: one column a day.
  await owner.getByLabel("Staff or room").selectOption({ label: name });
  await expect(week.locator("[data-resource]")).toHaveCount(0);
  await expect(week.getByRole("button", { name: new RegExp(`Client ${suffix}`) })).toBeVisible();

  // The linked staff member opens on their own day, and can see everyone.
  await open(staff, tenantUrl(SLUG, "/appointments"));
  await expect(staff.getByText(`Your own diary (${name}) is shown first.`)).toBeVisible();
  await expect(staff.getByRole("button", { name: "Day", exact: true, pressed: true })).toBeVisible();
  const myDay = staff.getByRole("list", { name: /^Staff and rooms on / });
  await expect(myDay.getByRole("listitem").filter({ has: staff.getByRole("heading", { level: 3 }) })).toHaveCount(1);
  await expect(myDay.locator(`li[data-resource="${name}"]`)).toHaveCount(1);
  await staff.getByRole("button", { name: "See everyone" }).click();
  // Everyone: the default diary too (and any other person earlier runs on a reused server added).
  await expect.poll(() => myDay.locator("li[data-resource]").count()).toBeGreaterThan(1);
  await staff.getByRole("button", { name: "My day" }).click();
  await expect(myDay.locator("li[data-resource]")).toHaveCount(1);
});
