import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { apexUrl, open } from "./console-session";

/*
 * The platform console in the browser: its host next to the apex under test,
 * the seeded admin (seed.json), and signing in with two-factor, set up on
 * the first visit as a new admin would.
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

/** First sign-in of the seeded admin: password, then the required two-factor setup; returns the secret. */
export async function signInAndSetUpTwoFactor(page: Page): Promise<string> {
  const admin = await seededAdmin();
  await open(page, adminUrl("/"));
  await page.waitForURL(adminUrl("/sign-in"));
  const form = page.getByRole("form", { name: "Platform sign-in" });
  await form.getByLabel("Email").fill(admin.email);
  await form.getByLabel("Password").fill(admin.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(adminUrl("/two-factor"));
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const confirm = page.getByRole("form", { name: "Confirm two-factor sign-in" });
  await confirm.getByLabel("Code", { exact: true }).fill(totp(secret));
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: /open the console/ }).click();
  await page.waitForURL(adminUrl("/"));
  return secret;
}

/** A later sign-in: the code is asked for after the password. */
export async function signInWithCode(page: Page, secret: string, stepsAhead = 1): Promise<void> {
  const admin = await seededAdmin();
  await open(page, adminUrl("/sign-in"));
  const form = page.getByRole("form", { name: "Platform sign-in" });
  await form.getByLabel("Email").fill(admin.email);
  await form.getByLabel("Password").fill(admin.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await form.getByLabel("Code", { exact: true }).fill(totp(secret, stepsAhead));
  await form.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(adminUrl("/"));
}
