import { mkdir } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { expectToast, inviteMember, open, signInAsOwner, tenantUrl } from "./support/console-session";

/*
 * The console shell, for an owner and a viewer of maple-dental, at 1280 and
 * 390 px, in English and French: every page has one level-1 heading and its
 * navigation entry marked current (in the sidebar, or in the phone drawer);
 * axe-core finds no serious or critical violation; with E2E_SCREENSHOTS=1 a
 * screenshot of each is written to test-results/screenshots for review (not committed). The
 * sidebar and the drawer work by keyboard alone; a save shows a toast.
 */

const SLUG = "maple-dental";
const SHOTS = "test-results/screenshots";

type Role = "owner" | "viewer";
const PAGES: Record<Role, string[]> = {
  owner: ["/dashboard", "/appointments", "/conversations", "/clients", "/reports", "/business", "/services", "/resources", "/agent", "/channels", "/keys", "/team", "/billing", "/activity", "/account", "/settings"],
  viewer: ["/dashboard", "/appointments", "/conversations", "/clients", "/business", "/services", "/resources", "/agent", "/channels", "/keys", "/team", "/account", "/settings"],
};
const NAV_NAME = { en: "Workspace", fr: "Espace de travail" } as const;
const MENU = { en: "Open menu", fr: "Ouvrir le menu" } as const;

async function setLanguage(page: Page, lang: "en" | "fr") {
  await page.context().addCookies([{ name: "fd_ui_locale", value: lang, url: tenantUrl(SLUG) }]);
}

/** A client's and a conversation's own pages, found from their lists. */
async function detailPages(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const list of ["/clients", "/conversations"]) {
    await open(page, tenantUrl(SLUG, list));
    const link = page.getByRole("main").locator(`a[href^="${list}/"]`).first();
    if (await link.count()) out.push((await link.getAttribute("href"))!);
  }
  return out;
}

/** Colours do not change with the width, so contrast (axe's costliest rule) is checked at 1280 px only. */
async function seriousViolations(page: Page, width: number) {
  const axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const { violations } = await (width === 1280 ? axe : axe.disableRules(["color-contrast"])).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

/** Screenshots for review are opt-in (E2E_SCREENSHOTS=1): a full-page capture of every page doubles the run. */
const SCREENSHOTS = process.env.E2E_SCREENSHOTS === "1";

async function checkPages(page: Page, role: Role) {
  if (SCREENSHOTS) await mkdir(SHOTS, { recursive: true });
  const pages = [...PAGES[role], ...(await detailPages(page))];
  for (const lang of ["en", "fr"] as const) {
    await setLanguage(page, lang);
    for (const path of pages) {
      // One load per page and language, then the window is resized as a user would: the
      // layout is CSS (and matchMedia) driven, so 390 px is checked without a second load.
      await page.setViewportSize({ width: 1280, height: 900 });
      const response = await open(page, tenantUrl(SLUG, path));
      const section = `/${path.split("/")[1]}`;
      for (const width of [1280, 390]) {
        const where = `${role} ${lang} ${width}px ${path}`;
        if (width === 390) await page.setViewportSize({ width, height: 844 });
        expect(response?.status(), where).toBe(200);
        await expect(page.locator("h1"), where).toHaveCount(1);
        await expect(page.locator("h1"), where).toBeVisible();
        if (width === 1280) {
          const current = page.getByRole("navigation", { name: NAV_NAME[lang] }).locator('a[aria-current="page"]');
          await expect(current, where).toHaveCount(1);
          await expect(current, where).toHaveAttribute("href", section);
        } else {
          await page.getByRole("button", { name: MENU[lang] }).click();
          const drawer = page.getByRole("dialog");
          await expect(drawer.locator('a[aria-current="page"]'), where).toHaveAttribute("href", section);
          await page.keyboard.press("Escape");
          await expect(drawer).toHaveCount(0);
        }
        expect(await seriousViolations(page, width), where).toEqual([]);
        if (SCREENSHOTS) await page.screenshot({ path: `${SHOTS}/${role}-${lang}-${width}-${path.slice(1).replace(/\//g, "_")}.png`, fullPage: true });
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await setLanguage(page, "en");
}

test("every console page, for owner and viewer, at 1280 and 390 px, in English and French", async ({ browser }) => {
  test.setTimeout(900_000);
  const owner = await signInAsOwner(browser, SLUG);
  await checkPages(owner, "owner");
  const viewer = await inviteMember(browser, owner, SLUG, { email: `shell-viewer-${Date.now().toString(36)}@example.test`, role: "viewer", name: "Vera Viewer" });
  await checkPages(viewer, "viewer");
  // A save shows a toast, whatever the role: a viewer's own name.
  for (const page of [owner, viewer]) {
    await open(page, tenantUrl(SLUG, "/account"));
    const form = page.getByRole("form", { name: "Change your name" });
    await form.getByLabel("Display name").fill(page === owner ? "Olivia Owner" : "Vera Viewer");
    await form.getByRole("button", { name: "Save name" }).click();
    await expectToast(page, "Your name is saved.");
  }
  await viewer.context().close();
  await owner.context().close();
});

test("the sidebar and the phone drawer work by keyboard alone", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signInAsOwner(browser, SLUG);
  await setLanguage(page, "en");

  /** Presses Tab until the focused element matches, as a keyboard user would. */
  async function tabTo(matches: (el: Element) => boolean, max = 60) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(`(${matches.toString()})(document.activeElement)`)) return;
    }
    throw new Error("never reached by Tab");
  }

  // Wide screen: the skip link first, then the sidebar's links.
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, tenantUrl(SLUG, "/dashboard"));
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await tabTo((el) => el.textContent === "Clients" && el.tagName === "A");
  await page.keyboard.press("Enter");
  await page.waitForURL(tenantUrl(SLUG, "/clients"));
  await expect(page.getByRole("heading", { level: 1, name: "Clients" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Clients" })).toHaveAttribute("aria-current", "page");

  // The workspace menu opens with Enter and closes with Esc.
  await page.getByRole("button", { name: /Switch workspace/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Switch workspace/ })).toBeFocused();

  // Phone: the menu button opens the drawer, focus moves in, Esc closes it and returns focus.
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, tenantUrl(SLUG, "/dashboard"));
  await tabTo((el) => el.getAttribute("aria-label") === "Open menu");
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog");
  await expect(drawer).toBeVisible();
  expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Open menu" })).toBeFocused();
  // Open again and follow a link by keyboard: the page changes and the drawer closes.
  await page.keyboard.press("Enter");
  await expect(drawer).toBeVisible();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.textContent)) === "Appointments") break;
  }
  // Focus never left the drawer while tabbing (Radix traps it).
  expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Enter");
  await page.waitForURL(tenantUrl(SLUG, "/appointments"));
  await expect(page.getByRole("heading", { level: 1, name: "Appointments" })).toBeVisible();
  await expect(drawer).toHaveCount(0);
  await page.context().close();
});

test("the Overview's charts follow the period picker", async ({ browser }) => {
  const page = await signInAsOwner(browser, SLUG);
  await setLanguage(page, "en");
  await open(page, tenantUrl(SLUG, "/dashboard"));
  const picker = page.getByRole("navigation", { name: "Period" });
  await expect(picker.getByRole("link", { name: "30 days" })).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("chart-bookings-table").locator("tbody tr")).toHaveCount(30);
  await picker.getByRole("link", { name: "7 days" }).click();
  await page.waitForURL(/period=7/);
  await expect(page.getByTestId("chart-bookings-table").locator("tbody tr")).toHaveCount(7);
  await expect(page.getByTestId("chart-hours-table").locator("tbody tr")).toHaveCount(24);
  await page.context().close();
});
