import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { apexUrl, open } from "./console-session";

/*
 * The platform console in the browser: its host next to the apex under test,
 * the seeded admin (seed.json), and signing in with two-factor, set up on
 * the first visit of the run as a new admin would.
 */

export function adminUrl(pathname = "/"): string {
  const apex = apexUrl();
  return `${apex.protocol}//admin.${apex.host}${pathname}`;
}

export async function seededAdmin(): Promise<{ email: string; password: string }> {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data", "seed.json");
  return (JSON.parse(await readFile(file, "utf8")) as { platformAdmin: { email: string; password: string } }).platformAdmin;
}

/** A code for the authenticator holding `secret`, `stepsAhead` 30-second steps from now (the server allows one). */
export function totp(secret: string, stepsAhead = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), period: 30, digits: 6, algorithm: "SHA1", timestamp: Date.now() + stepsAhead * 30_000 });
}

interface AdminFactor {
  secret: string;
  recoveryCodes: string[];
  /** The last time step whose code was used: the server takes each step once. */
  lastStep: number;
}

// Shared by every spec of the run (one server, one database): the first sign-in sets up two-factor.
const factorFile = () => path.join(process.env.E2E_DATA_DIR ?? ".data", "platform-admin-factor.json");
const stepNow = () => Math.floor(Date.now() / 30_000);

async function storedFactor(): Promise<AdminFactor | null> {
  return readFile(factorFile(), "utf8").then((t) => JSON.parse(t) as AdminFactor, () => null);
}

async function fillCredentials(page: Page) {
  const admin = await seededAdmin();
  const form = page.getByRole("form", { name: "Platform sign-in" });
  await form.getByLabel("Email").fill(admin.email);
  await form.getByLabel("Password").fill(admin.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  return form;
}

/** First sign-in of the seeded admin: password, then the required two-factor setup, as a new admin would. */
async function setUpTwoFactor(page: Page): Promise<void> {
  await page.waitForURL(adminUrl("/two-factor"));
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const confirm = page.getByRole("form", { name: "Confirm two-factor sign-in" });
  await confirm.getByLabel("Code", { exact: true }).fill(totp(secret));
  await confirm.getByRole("button", { name: "Confirm" }).click();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
  await writeFile(factorFile(), JSON.stringify({ secret, recoveryCodes, lastStep: stepNow() } satisfies AdminFactor));
  await page.getByRole("button", { name: /open the console/ }).click();
  // "commit": the console's own client-side refresh can abort the load event this would otherwise wait for.
  await page.waitForURL(adminUrl("/"), { waitUntil: "commit", timeout: 30_000 });
}

/**
 * Signs the seeded admin in on the console: sets up two-factor the first time
 * in the run; later, the code of a step not used yet (the server allows one
 * step ahead), or a recovery code when both steps in reach were used.
 */
export async function signInAsPlatformAdmin(page: Page): Promise<void> {
  await open(page, adminUrl("/sign-in"));
  const form = await fillCredentials(page);
  const factor = await storedFactor();
  if (!factor) return setUpTwoFactor(page);
  const step = Math.max(stepNow(), factor.lastStep + 1);
  const code = step <= stepNow() + 1 ? totp(factor.secret, step - stepNow()) : factor.recoveryCodes.shift()!;
  if (step <= stepNow() + 1) factor.lastStep = step;
  await writeFile(factorFile(), JSON.stringify(factor));
  if (await verify(page, form, code)) return;
  // Refused (the reason is printed): once more with a recovery code, which no clock can make stale.
  const again = factor.recoveryCodes.shift()!;
  await writeFile(factorFile(), JSON.stringify(factor));
  if (!(await verify(page, form, again))) throw new Error("The platform admin's recovery code was refused too");
}

/** True once the console opens; false (with the reason printed) when the form says why it refused the code. */
async function verify(page: Page, form: Locator, code: string): Promise<boolean> {
  await form.getByLabel("Code", { exact: true }).fill(code);
  await form.getByRole("button", { name: "Verify" }).click();
  const alert = form.getByRole("alert");
  const outcome = await Promise.race([
    // "commit": the page replaces itself with window.location.assign; its load event is not needed.
    page.waitForURL(adminUrl("/"), { waitUntil: "commit", timeout: 30_000 }).then(() => "ok" as const, () => "timeout" as const),
    alert.waitFor({ timeout: 30_000 }).then(() => "refused" as const, () => "timeout" as const),
  ]);
  if (outcome === "ok") return true;
  if (outcome === "timeout") throw new Error(`The platform console did not open within 30 s (at ${page.url()})`);
  console.warn(`[e2e] platform sign-in refused the code: ${(await alert.textContent())?.trim()}`);
  return false;
}
