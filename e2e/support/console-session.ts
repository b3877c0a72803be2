import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";

/*
 * What the console specs share: the apex and tenant URLs of the server under test, the seeded
 * tenants (seed.json of this run), signing in as a seeded owner, and a member invited through the
 * team page and the emailed link. Call these from inside a test: the URLs come from its baseURL.
 */

export const PASSWORD = "a long enough passphrase";

export interface SeededTenant {
  slug: string;
  ownerEmail: string;
  ownerPassword: string;
  widgetKey: string;
  whatsappNumber: string;
}

/** The apex the suite runs against (playwright.config.ts's baseURL), or a path on it. */
export function apexUrl(pathname = "/"): URL {
  return new URL(pathname, test.info().project.use.baseURL ?? "http://localhost:3100");
}

export function tenantUrl(slug: string, pathname = "/"): string {
  const apex = apexUrl();
  return `${apex.protocol}//${slug}.${apex.host}${pathname}`;
}

export async function seededTenant(slug: string): Promise<SeededTenant> {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data", "seed.json");
  const seed = JSON.parse(await readFile(file, "utf8")) as { tenants: SeededTenant[] };
  return seed.tenants.find((x) => x.slug === slug)!;
}

/** Navigates and waits until the page is hydrated and idle, so a form can be filled right away. */
export async function open(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForLoadState("networkidle");
  return response;
}

interface CapturedMail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * The latest email sent to `to`, as the server delivered it over SMTP to the run's capture
 * (scripts/mail-capture.ts writes <data dir>/mail.jsonl); waits up to 10 s for it to arrive.
 */
export async function latestMailTo(to: string, matching: RegExp = /./): Promise<CapturedMail> {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data", "mail.jsonl");
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await readFile(file, "utf8").catch(() => "");
    const mails = text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CapturedMail)
      .filter((m) => m.to.includes(to) && matching.test(m.subject + m.text));
    if (mails.length) return mails.at(-1)!;
    if (Date.now() > deadline) throw new Error(`no email to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first link of an email. */
export function linkIn(mail: CapturedMail): string {
  return /(https?:\/\/\S+)/.exec(mail.text)![1]!;
}

/** A toast with this text (the shell's Radix toasts; every console save shows one). */
export async function expectToast(page: Page, text: string | RegExp) {
  await expect(page.getByTestId("toast").filter({ hasText: text }).first()).toBeVisible();
}

/** Fills the English sign-in form reached from the tenant's dashboard; the caller checks where it lands. */
export async function signIn(page: Page, slug: string, email: string, password: string) {
  await open(page, tenantUrl(slug, "/dashboard"));
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

/** A new browser signed in as the seeded owner of `slug`, on its dashboard. */
export async function signInAsOwner(browser: Browser, slug: string): Promise<Page> {
  const { ownerEmail, ownerPassword } = await seededTenant(slug);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, slug, ownerEmail, ownerPassword);
  await page.waitForURL(tenantUrl(slug, "/dashboard"));
  return page;
}

/**
 * The signed-in `owner` invites `email` from the (English) team page; the invitee opens the
 * emailed link in a new browser, joins as `name` with PASSWORD and lands on the dashboard.
 */
export async function inviteMember(
  browser: Browser,
  owner: Page,
  slug: string,
  invitee: { email: string; role: "viewer" | "staff" | "admin"; name: string },
): Promise<Page> {
  await open(owner, tenantUrl(slug, "/team"));
  const invite = owner.getByRole("form", { name: "Invite a team member" });
  await invite.getByLabel("Email").fill(invitee.email);
  await invite.getByLabel("Role").selectOption(invitee.role);
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expectToast(owner, `Invitation sent to ${invitee.email}.`);
  const link = linkIn(await latestMailTo(invitee.email));

  const member = await (await browser.newContext()).newPage();
  await open(member, link);
  const accept = member.getByRole("form", { name: "Accept invitation" });
  await accept.getByLabel("Your name").fill(invitee.name);
  await accept.getByLabel("Choose a password").fill(PASSWORD);
  await accept.getByRole("button", { name: "Create account and join" }).click();
  await member.waitForURL(tenantUrl(slug, "/dashboard"));
  return member;
}

/** A console API call from the page itself (same origin, the page's cookies). */
export async function call(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as { error?: { code: string; message: string; field?: string } } & Record<string, unknown>) : null,
      };
    },
    { method, url, body },
  );
}
