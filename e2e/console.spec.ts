import { expect, test } from "@playwright/test";
import { apexUrl, call, expectToast, inviteMember, open, signInAsOwner, tenantUrl } from "./support/console-session";

/*
 * Issue 4's acceptance in real Chromium: the owner of maple-dental sets
 * hours (one Save for the Business page) and a service, connects a WhatsApp number and a widget key, saves a
 * Twilio auth token (only its last 4 characters come back); a viewer sees
 * every console page read-only and the server refuses their writes; another
 * tenant cannot claim the same number and learns nothing about its owner.
 * The owner also sets the agent's persona and adds a FAQ entry, which the web
 * chat then answers with.
 */

const CONSOLE_PAGES = ["/business", "/services", "/agent", "/channels", "/keys"];

test("owner configures the console; viewer is read-only; a number belongs to one tenant", async ({ browser }) => {
  test.setTimeout(120_000);
  const slug = "maple-dental";
  const owner = await signInAsOwner(browser, slug);
  const suffix = String(10 + (Date.now() % 90));
  const typedNumber = `(613) 555-01${suffix}`;
  const e164 = `+1613555 01${suffix}`.replace(/\s/g, "");
  const token = `e2eTwilioToken${Date.now().toString(36)}Zx9Q`;
  const serviceName = `Whitening ${suffix}`;

  // Hours on the Business page, one Save for the page: Monday 08:30–12:00 and
  // 13:00–17:00 (a lunch break), Wednesday in three stretches, Sunday closed.
  await open(owner, tenantUrl(slug, "/business"));
  const page = owner.getByRole("form", { name: "Business settings" });
  await page.getByLabel("Monday opens", { exact: true }).fill("8:30 AM");
  await page.getByLabel("Monday closes", { exact: true }).fill("12:00 PM");
  await page.getByRole("button", { name: "Add hours to Monday" }).click();
  await page.getByLabel("Monday opens (2)").fill("1:00 PM");
  await page.getByLabel("Monday closes (2)").fill("5:00 PM");
  await page.getByRole("button", { name: "Add hours to Wednesday" }).click();
  await page.getByRole("button", { name: "Add hours to Wednesday" }).click();
  await page.getByLabel("Wednesday opens (2)").fill("17:30");
  await page.getByLabel("Wednesday closes (2)").fill("18:30");
  await page.getByLabel("Wednesday opens (3)").fill("19:00");
  await page.getByLabel("Wednesday closes (3)").fill("21:00");
  // A closing time before the opening time is refused next to its field.
  await page.getByLabel("Tuesday opens", { exact: true }).fill("18:00");
  await page.getByLabel("Tuesday closes", { exact: true }).fill("17:00");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Closing time must be after the opening time")).toBeVisible();
  await expectToast(owner, /Closing time must be after the opening time/);
  await page.getByLabel("Tuesday opens", { exact: true }).fill("9:00 AM");
  await page.getByRole("switch", { name: "Sunday: open" }).click();
  await page.getByRole("switch", { name: "Sunday: open" }).click();
  await expect(page.getByRole("switch", { name: "Sunday: open" })).toHaveAttribute("aria-checked", "false");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expectToast(owner, "Business settings saved.");
  await open(owner, tenantUrl(slug, "/business"));
  await expect(page.getByLabel("Monday opens (2)")).toHaveValue("1:00 PM");
  await expect(page.getByLabel("Wednesday closes (3)")).toHaveValue("9:00 PM");

  // A service.
  await open(owner, tenantUrl(slug, "/services"));
  const add = owner.getByRole("form", { name: "Add a service" });
  await add.getByLabel("Name").fill(serviceName);
  await add.getByLabel("Synonyms").fill("bleaching, white teeth");
  await add.getByLabel("Duration (minutes)").fill("45");
  await add.getByLabel("Buffer (minutes)").fill("10");
  await add.getByLabel("Price").fill("180");
  await add.getByRole("button", { name: "Add service" }).click();
  await expect(owner.getByRole("form", { name: `Service ${serviceName}` })).toBeVisible();
  await expectToast(owner, /./);

  // A WhatsApp number typed in a local format, stored in E.164; a widget key shown once.
  await open(owner, tenantUrl(slug, "/channels"));
  const connect = owner.getByRole("form", { name: "Connect a number" });
  await connect.getByLabel("Channel").selectOption("whatsapp");
  await connect.getByLabel("Number").fill("12");
  await connect.getByRole("button", { name: "Connect number" }).click();
  await expect(connect.getByRole("alert")).toContainText("not a valid number");
  await connect.getByLabel("Number").fill(typedNumber);
  await connect.getByRole("button", { name: "Connect number" }).click();
  await expect(owner.getByTestId(`number-${e164}`)).toContainText("(613) 555-01");
  // Not verifiable until the Twilio auth token is stored (below).
  await expect(owner.getByTestId(`number-${e164}`).getByTestId("channel-state")).toHaveAttribute("data-state", "missing_key");
  await expect(owner.getByTestId(`number-${e164}`).getByTestId("last-message")).toHaveText("No message received yet");
  await expect(owner.getByTestId("webhook-whatsapp")).toHaveValue(/\/api\/webhooks\/whatsapp$/);

  const create = owner.getByRole("form", { name: "Create a widget key" });
  await create.getByLabel("Key name").fill("Main website");
  await create.getByLabel("Allowed origins (one per line)").fill("https://maple-dental.example");
  await create.getByRole("button", { name: "Create widget key" }).click();
  const key = (await owner.getByTestId("new-widget-key").textContent())!.trim();
  expect(key).toMatch(/^fdw_/);
  await expect(owner.getByRole("list", { name: "Widget keys" })).toContainText(key.slice(0, 12));

  // A Twilio auth token: after a reload only its last 4 characters are shown.
  await open(owner, tenantUrl(slug, "/keys"));
  const twilio = owner.getByRole("form", { name: "Twilio auth token" });
  await twilio.getByLabel("Twilio auth token").fill(token);
  await twilio.getByRole("button", { name: /Save|Replace/ }).click();
  await expectToast(owner, "Twilio auth token saved.");
  await open(owner, tenantUrl(slug, "/keys"));
  await expect(owner.getByTestId("key-twilio-auth_token-state")).toContainText(`••••${token.slice(-4)}`);
  expect(await owner.content()).not.toContain(token);
  await open(owner, tenantUrl(slug, "/channels"));
  await expect(owner.getByRole("textbox", { name: "Vapi server URL" })).toHaveValue(/\/api\/webhooks\/vapi$/);
  await expect(owner.getByTestId(`number-${e164}`).getByTestId("channel-state")).toHaveAttribute("data-state", "connected");

  // The agent: persona, greeting and a FAQ entry the receptionist then answers with.
  const faqQuestion = "Is there a wheelchair ramp at the entrance?";
  const faqAnswer = `Yes, at the King Street entrance (${suffix}).`;
  await open(owner, tenantUrl(slug, "/agent"));
  const persona = owner.getByRole("form", { name: "Receptionist settings" });
  await persona.getByLabel("Receptionist's name").fill("");
  await persona.getByRole("button", { name: "Save", exact: true }).click();
  await expect(persona.getByRole("alert")).toHaveText("The receptionist's name must be at least 2 characters");
  await persona.getByLabel("Receptionist's name").fill("Maya B");
  await persona.getByLabel("Voice").selectOption("shimmer");
  await persona.getByLabel("Tone").fill("friendly and brief");
  await persona.getByLabel("Greeting in English").fill(`Maple Dental, good day! Maya B here (${suffix}).`);
  // The widget's look, with its live preview following each field.
  await persona.getByLabel("Colour code").fill("#7c3aed");
  await persona.getByLabel("Title").fill("Ask Maple");
  await persona.getByLabel("Avatar initial").fill("M");
  await persona.getByLabel("Bottom left").check();
  const preview = owner.getByTestId("widget-preview");
  await expect(preview).toHaveAttribute("data-color", "#7c3aed");
  await expect(preview).toHaveAttribute("data-position", "left");
  await expect(owner.getByTestId("widget-preview-title")).toHaveText("Ask Maple");
  await expect(owner.getByTestId("widget-preview-greeting")).toHaveText(`Maple Dental, good day! Maya B here (${suffix}).`);
  await persona.getByRole("button", { name: "Save", exact: true }).click();
  await expectToast(owner, "Receptionist settings saved.");
  // Model mode waits for an OpenAI key, and says where to add one.
  const mode = owner.getByRole("form", { name: "Answering mode" });
  await expect(mode.getByRole("radio", { name: /Language model/ })).toBeDisabled();
  await expect(mode.getByRole("link", { name: "Add one under Provider keys" })).toHaveAttribute("href", "/keys");
  const addFaq = owner.getByRole("form", { name: "Add a FAQ entry" });
  await addFaq.getByLabel("Question").fill(faqQuestion);
  await addFaq.getByLabel("Answer").fill(faqAnswer);
  await addFaq.getByRole("button", { name: "Add entry" }).click();
  await expect(owner.getByRole("form", { name: `FAQ entry: ${faqQuestion}` })).toBeVisible();
  await open(owner, tenantUrl(slug, "/agent"));
  await expect(persona.getByLabel("Receptionist's name")).toHaveValue("Maya B");
  await expect(persona.getByLabel("Voice")).toHaveValue("shimmer");
  await expect(owner.getByRole("form", { name: `FAQ entry: ${faqQuestion}` }).getByLabel("Answer")).toHaveValue(faqAnswer);
  const chat = async (message: string) => {
    const response = await owner.request.post(apexUrl("/api/v1/chat").toString(), { headers: { "x-tenant-key": key }, data: { message, locale: "en" } });
    expect(response.status()).toBe(200);
    return ((await response.json()) as { reply: string }).reply;
  };
  expect(await chat("Hello")).toBe(`Maple Dental, good day! Maya B here (${suffix}).`);
  expect(await chat(faqQuestion)).toBe(faqAnswer);

  // A viewer, invited through the team page and the emailed link.
  const viewerEmail = `viewer-${Date.now().toString(36)}@example.test`;
  const viewer = await inviteMember(browser, owner, slug, { email: viewerEmail, role: "viewer", name: "Vic Viewer" });

  for (const pathname of CONSOLE_PAGES) {
    await open(viewer, tenantUrl(slug, pathname));
    await expect(viewer.getByTestId("read-only-notice")).toBeVisible();
    await expect(viewer.getByRole("button", { name: /^(Save|Add|Connect|Create|Replace|Delete|Remove|Revoke|Disconnect)/ })).toHaveCount(0);
    const enabled = viewer.locator("main").locator("input:not([readonly]):enabled, textarea:not([readonly]):enabled, select:enabled");
    await expect(enabled).toHaveCount(0);
  }
  await open(viewer, tenantUrl(slug, "/channels"));
  await expect(viewer.getByRole("list", { name: "Numbers" })).toContainText(e164);
  await open(viewer, tenantUrl(slug, "/keys"));
  await expect(viewer.getByTestId("key-twilio-auth_token-state")).toContainText(`••••${token.slice(-4)}`);

  const writes: Array<[string, string, unknown]> = [
    ["PATCH", "/api/settings/business", { businessName: "Hijacked", timezone: "America/Toronto", languages: ["en"] }],
    ["PUT", "/api/settings/hours", { hours: [] }],
    ["PUT", "/api/settings/business", { profile: {}, week: { hours: [] }, closures: [] }],
    ["POST", "/api/agent/rehearsal", { message: "Hello" }],
    ["POST", "/api/settings/closures", { startsOn: "2030-01-01", endsOn: "2030-01-02" }],
    ["POST", "/api/settings/services", { name: "Sneaky", durationMinutes: 30 }],
    ["POST", "/api/settings/channels/numbers", { channel: "voice", number: "+16135550177" }],
    ["POST", "/api/settings/channels/widget-keys", { label: "Sneaky" }],
    ["PUT", "/api/settings/provider-keys/twilio/auth_token", { value: "0123456789abcdef0123" }],
    ["DELETE", "/api/settings/provider-keys/twilio/auth_token", undefined],
    ["PATCH", "/api/settings/agent", { personaName: "Hijack", personaVoice: "alloy", personaTone: "rude" }],
    ["PUT", "/api/settings/agent/mode", { mode: "deterministic" }],
    ["POST", "/api/settings/faq", { question: "Sneaky?", answer: "Yes", language: "en" }],
  ];
  for (const [method, url, body] of writes) {
    const refused = await call(viewer, method, url, body);
    expect(refused.status, `${method} ${url}`).toBe(403);
    expect(refused.body?.error?.code).toBe("forbidden");
  }

  // Another tenant cannot claim the number, and the answer names nobody (nor says it is taken).
  // cabinet-dupont's locale is French, so its console speaks French.
  const dupont = await signInAsOwner(browser, "cabinet-dupont");
  await open(dupont, tenantUrl("cabinet-dupont", "/channels"));
  const claim = dupont.getByRole("form", { name: "Connecter un numéro" });
  await claim.getByLabel("Canal").selectOption("whatsapp");
  await claim.getByLabel("Numéro").fill(`+1 613 555 01${suffix}`);
  await claim.getByRole("button", { name: "Connecter le numéro" }).click();
  const conflict = claim.getByRole("alert");
  await expect(conflict).toContainText("cannot be connected to this workspace");
  await expect(conflict).not.toContainText(/maple/i);
  const api = await call(dupont, "POST", "/api/settings/channels/numbers", { channel: "whatsapp", number: `+1613555 01${suffix}` });
  expect(api.status).toBe(409);
  expect(api.body?.error?.field).toBe("number");
  expect(JSON.stringify(api.body)).not.toMatch(/maple/i);
});
