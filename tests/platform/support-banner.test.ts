import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { ConsoleBillingBanners } from "@/components/billing/console-billing-banners";

/*
 * The banner a support suspension puts above every console page: support's
 * own words, the date, an alert; no button to Billing, since paying does not
 * lift it, for the owner and everyone else alike. The reason is text, never markup.
 */

const render = (reason: string, locale: "en" | "fr", canManage = true) =>
  renderToStaticMarkup(
    createElement(ConsoleBillingBanners, { view: { timeZone: "Europe/Paris", banners: [{ kind: "support_suspended", since: "2030-03-04T10:00:00.000Z", reason }] }, canManage, locale }),
  );

it("says why, in the owner's language, as an alert with no way to Billing", () => {
  const en = render("Card fraud reported by the bank", "en");
  expect(en).toContain('role="alert" data-testid="billing-banner-support_suspended"');
  expect(en).toContain("Frontdesk support suspended this workspace on March 4, 2030: “Card fraud reported by the bank”.");
  expect(en).not.toContain('href="/billing"');
  expect(render("Fraude signalée", "fr", false)).toContain("Le support Frontdesk a suspendu cet espace le 4 mars 2030 : « Fraude signalée »");
  expect(render("x", "en", false)).not.toContain("ask them to look at the Billing page");
});

it("escapes a reason that looks like markup", () => {
  const html = render('<img src=x onerror="alert(1)">', "en");
  expect(html).not.toContain("<img");
  expect(html).toContain("&lt;img");
});
