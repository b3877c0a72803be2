import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { expectToast, open, signInAsOwner, tenantUrl } from "./support/console-session";

/*
 * The day-to-day views in real Chromium: the owner of maple-dental books an
 * appointment in the week view (a second booking at the same time is refused
 * with the nearest free times), moves it and cancels it; then finds the client
 * by a phone number typed in another format and edits them. cabinet-dupont's
 * console speaks French.
 */

// A booking goes through the booking rules and a refetch of the week: a little more than the default wait.
const firstHit = { timeout: 20_000 };

/** The Tuesday of next week on Toronto's clock, "YYYY-MM-DD" (never in the past, always a working day). */
function nextTuesdayInToronto(): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  d.setUTCDate(d.getUTCDate() + (7 - weekday) + 2);
  return d.toISOString().slice(0, 10);
}

test("owner books, moves and cancels an appointment, then finds and edits the client", async ({ browser }) => {
  test.setTimeout(180_000);
  const slug = "maple-dental";
  const page = await signInAsOwner(browser, slug);
  const suffix = String(10 + (Date.now() % 90));
  const name = `Erin Tester ${suffix}`;
  const tuesday = nextTuesdayInToronto();

  await open(page, tenantUrl(slug, "/appointments"));
  await expect(page.getByRole("heading", { level: 1, name: "Appointments" })).toBeVisible();
  const week = page.getByRole("list", { name: "Appointments of the week" });
  await expect(week.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3 }) })).toHaveCount(7);

  // Book: a new client given by name and a local-format phone number.
  const form = page.getByRole("form", { name: "New appointment" });
  await form.getByLabel("Service").selectOption({ label: "Checkup (30 min)" });
  await form.getByLabel("Client name").fill(name);
  await form.getByLabel("Client phone").fill(`(416) 555-01${suffix}`);
  await form.getByLabel("Date").fill(tuesday);
  await form.getByLabel("Time").fill("10:00");
  await form.getByRole("button", { name: "Book appointment" }).click();
  await expectToast(page, /Appointment booked/);
  // Both ends of the time, in full.
  const booked = week.getByRole("button", { name: new RegExp(`10:00\\sAM – 10:30\\sAM\\s*Checkup\\s*${name}`) });
  await expect(booked).toBeVisible();

  // The same time again, for someone else: refused, with the nearest free times to pick from.
  await form.getByLabel("Client name").fill("Other Person");
  await form.getByLabel("Client phone").fill(`(416) 555-02${suffix}`);
  await form.getByLabel("Date").fill(tuesday);
  await form.getByLabel("Time").fill("10:00");
  await form.getByRole("button", { name: "Book appointment" }).click();
  const refusal = form.getByRole("alert");
  await expect(refusal).toContainText("This time is already booked.", firstHit);
  const offers = refusal.getByRole("list", { name: "Nearest free times" }).getByRole("button");
  await expect(offers).toHaveCount(3);
  await offers.first().click();
  await expect(form.getByLabel("Time")).not.toHaveValue("10:00");

  // Move it to the afternoon.
  await booked.click();
  const details = page.getByRole("region", { name: "Appointment details" });
  await expect(details.getByTestId("appointment-status")).toHaveText("Booked");
  const move = details.getByRole("form", { name: "Move appointment" });
  await move.getByLabel("Date").fill(tuesday);
  await move.getByLabel("Time").fill("14:00");
  await move.getByRole("button", { name: "Move appointment" }).click();
  await expectToast(page, /Appointment moved/);
  const moved = week.getByRole("button", { name: new RegExp(`2:00\\sPM – 2:30\\sPM\\s*Checkup\\s*${name}`) });
  await expect(moved).toBeVisible();
  await expect(details.getByTestId("appointment-when")).toContainText("2:00 PM – 2:30 PM");
  await expect(week.getByRole("button", { name: new RegExp(`10:00\\sAM – 10:30\\sAM\\s*Checkup\\s*${name}`) })).toHaveCount(0);

  // Cancel it: it stays in the week, marked cancelled, and the list view says so.
  await details.getByRole("button", { name: "Cancel appointment" }).click();
  await expectToast(page, "Appointment cancelled.");
  await expect(details.getByTestId("appointment-status")).toHaveText("Cancelled");
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Cancelled" });
  await page.getByRole("group", { name: "View" }).getByRole("button", { name: "List" }).click();
  const row = page.getByRole("table", { name: "Appointments list" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Cancelled");

  // The address keeps the week (unless it is "this week"), the filter and the view: a reload shows the same thing.
  await expect(page).toHaveURL(/[?&]status=cancelled/);
  await expect(page).toHaveURL(/[?&]view=list/);
  await page.reload();
  await expect(page.getByRole("table", { name: "Appointments list" }).getByRole("row").filter({ hasText: name })).toContainText("Cancelled");
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("cancelled");

  // The client: found by the number typed another way, then edited.
  await open(page, tenantUrl(slug, "/clients"));
  await expect(page.getByRole("heading", { level: 1, name: "Clients" })).toBeVisible();
  const search = page.getByRole("search", { name: "Search clients" });
  await search.getByLabel("Name, email or phone").fill(`+1 416.555.01${suffix}`);
  await search.getByRole("button", { name: "Search" }).click();
  const results = page.getByRole("table", { name: "Clients" });
  await expect(results.getByRole("row")).toHaveCount(2, firstHit);
  await results.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible(firstHit);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("list", { name: "Appointments" })).toContainText("Cancelled");

  const edit = page.getByRole("form", { name: "Edit client" });
  await edit.getByLabel("Email").fill("not-an-email");
  await edit.getByRole("button", { name: "Save client" }).click();
  await expect(edit.getByRole("alert")).toContainText("Email must be an address");
  await edit.getByLabel("Name").fill(`${name} Renamed`);
  await edit.getByLabel("Email").fill(`erin${suffix}@example.com`);
  await edit.getByLabel("Notes").fill("Prefers afternoons");
  await edit.getByRole("button", { name: "Save client" }).click();
  await expectToast(page, "Client saved.");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: `${name} Renamed` })).toBeVisible();
  await expect(page.getByText(`erin${suffix}@example.com`).first()).toBeVisible();

  // The Clients page's CSV export, downloaded as a person would: the edited client is in it, in E.164,
  // the file holds maple-dental's clients only, and its instants carry Toronto's offset.
  await open(page, tenantUrl(slug, "/clients"));
  const download = page.waitForEvent("download");
  await page.getByTestId("export-clients").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^maple-dental-clients-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parse(await readFile((await file.path())!, "utf8"), { columns: true }) as Array<Record<string, string>>;
  const erin = rows.find((r) => r.name === `${name} Renamed`);
  expect(erin).toMatchObject({ phone: `+1416555${"01" + suffix}`, email: `erin${suffix}@example.com`, notes: "Prefers afternoons" });
  expect(erin!.created_at).toMatch(/T\d{2}:\d{2}:\d{2}-0[45]:00$/);
  expect(rows.some((r) => /Dupont/.test(r.name ?? ""))).toBe(false);
});

test("cabinet-dupont's console shows appointments and clients in French", async ({ browser }) => {
  test.setTimeout(120_000);
  const slug = "cabinet-dupont";
  const page = await signInAsOwner(browser, slug);
  await open(page, tenantUrl(slug, "/appointments"));
  await expect(page.getByRole("heading", { level: 1, name: "Rendez-vous" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Semaine suivante" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Nouveau rendez-vous" }).getByLabel("Prestation")).toBeVisible();
  await expect(page.getByLabel("Statut", { exact: true })).toContainText("Tous les statuts");
  await expect(page.getByText("Heures affichées dans le fuseau Europe/Zurich.")).toBeVisible();
  // Date and time fields read the French way, whatever the browser's locale (en-US here).
  const form = page.getByRole("form", { name: "Nouveau rendez-vous" });
  await expect(form.getByLabel("Date")).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
  await expect(form.getByLabel("Date")).toHaveAttribute("placeholder", "jj/mm/aaaa");
  await expect(form.getByLabel("Heure")).toHaveValue(/^\d{2}:\d{2}$/);
  await open(page, tenantUrl(slug, "/clients"));
  await expect(page.getByRole("heading", { level: 1, name: "Clients" })).toBeVisible();
  await expect(page.getByRole("search", { name: "Rechercher des clients" }).getByLabel("Nom, e-mail ou téléphone")).toBeVisible();
});
