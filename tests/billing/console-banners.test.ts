import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConsoleBillingBanners } from "@/components/billing/console-billing-banners";
import type { BillingBanner } from "@/lib/billing/banner";

/*
 * Which billing banner the console shell shows in which state, as the server
 * renders it: the words, alert or status, and the way to Billing (the owner)
 * or the note to ask the owner (everyone else). None has a dismiss button.
 */

const ZONE = "Europe/Paris";

function render(banners: BillingBanner[], options: { canManage?: boolean; locale?: "en" | "fr" } = {}) {
  const html = renderToStaticMarkup(
    createElement(ConsoleBillingBanners, { view: { timeZone: ZONE, banners }, canManage: options.canManage ?? true, locale: options.locale ?? "en" }),
  );
  const text = html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ").trim();
  return { html, text };
}

const roleOf = (html: string, kind: string) => new RegExp(`role="(\\w+)" data-testid="billing-banner-${kind}"`).exec(html)?.[1];

describe("the console billing banner", () => {
  it("shows nothing without a banner", () => {
    expect(render([]).html).toBe("");
  });

  it("a running trial: days left, a status (not an alert), and the way to choose a plan", () => {
    const { html, text } = render([{ kind: "trial", endsAt: "2030-01-21T10:00:00.000Z", daysLeft: 9 }]);
    expect(roleOf(html, "trial")).toBe("status");
    expect(text).toContain("Your free trial ends on January 21, 2030: 9 days left.");
    expect(html).toContain('href="/billing"');
    expect(text).toContain("Choose a plan");
    expect(html).not.toMatch(/dismiss|close/i);
    expect(render([{ kind: "trial", endsAt: "2030-01-21T10:00:00.000Z", daysLeft: 1 }]).text).toContain("ends tomorrow (January 21, 2030)");
  });

  it("past due: payment failed, update the payment method, the lock and suspension dates; an alert", () => {
    const { html, text } = render([{ kind: "past_due", since: "2030-01-10T09:00:00.000Z", day: 2, configLocked: false, suspendsAt: "2030-01-24T09:00:00.000Z" }]);
    expect(roleOf(html, "past_due")).toBe("alert");
    expect(text).toContain("Your latest payment failed. Update your payment method: from January 17, 2030 configuration changes are refused, and on January 24, 2030 the workspace is suspended.");
    expect(text).toContain("Update payment method");
  });

  it("day 7 of dunning: configuration changes refused until paid", () => {
    const { html, text } = render([{ kind: "past_due", since: "2030-01-10T09:00:00.000Z", day: 7, configLocked: true, suspendsAt: "2030-01-24T09:00:00.000Z" }]);
    expect(html).toContain('data-tone="blocking"');
    expect(text).toContain("configuration changes are refused until it is paid. The receptionist keeps answering until January 24, 2030");
  });

  it("suspended, trial over and cancelled: read-only except Billing, data deletion date", () => {
    expect(render([{ kind: "suspended", deletionDueAt: null }]).text).toContain("suspended for an unpaid invoice: it is read-only except Billing");
    expect(render([{ kind: "trial_ended", deletionDueAt: null }]).text).toContain("Your free trial has ended: the workspace is read-only except Billing");
    const cancelled = render([{ kind: "cancelled", deletionDueAt: "2030-02-09T09:00:00.000Z" }], { locale: "fr" });
    expect(roleOf(cancelled.html, "cancelled")).toBe("alert");
    expect(cancelled.text).toContain("ses données seront supprimées le 9 février 2030");
    expect(cancelled.text).toContain("Choisir une formule");
  });

  it("usage at 80% and 100%: which limit, and what happens on a refusing and on a metered plan", () => {
    const starter80 = render([{ kind: "usage", metric: "conversations", percent: 80, overLimit: "refuse" }]);
    expect(roleOf(starter80.html, "usage")).toBe("alert");
    expect(starter80.text).toContain("Conversations: 80% of this month's limit is used. At 100%, new conversations get a polite reply");
    const starter100 = render([{ kind: "usage", metric: "conversations", percent: 100, overLimit: "refuse" }]);
    expect(starter100.html).toContain('data-tone="blocking"');
    expect(starter100.text).toContain("Conversations: this month's limit is reached. New conversations get a polite reply");
    const pro100 = render([{ kind: "usage", metric: "call_minutes", percent: 100, overLimit: "meter" }]);
    expect(pro100.html).toContain('data-tone="warning"');
    expect(pro100.text).toContain("Call minutes: this month's limit is reached. Extra minutes are billed per minute, up to 200% of the limit");
    const tokens = render([{ kind: "usage", metric: "model_tokens", percent: 100, overLimit: "refuse" }]);
    expect(tokens.text).toContain("keyword engine until next month: callers are still answered");
  });

  it("tells members other than the owner to ask the owner, with no button", () => {
    const { html, text } = render([{ kind: "past_due", since: "2030-01-10T09:00:00.000Z", day: 2, configLocked: false, suspendsAt: "2030-01-24T09:00:00.000Z" }], { canManage: false });
    expect(html).not.toContain("href=");
    expect(text).toContain("Only the workspace owner can change billing: ask them to look at the Billing page.");
  });

  it("shows several at once, most urgent first as billingBanners orders them", () => {
    const { html } = render([
      { kind: "past_due", since: "2030-01-10T09:00:00.000Z", day: 2, configLocked: false, suspendsAt: "2030-01-24T09:00:00.000Z" },
      { kind: "usage", metric: "conversations", percent: 80, overLimit: "meter" },
    ]);
    expect([...html.matchAll(/data-testid="billing-banner-(\w+)"/g)].map((m) => m[1])).toEqual(["past_due", "usage"]);
  });
});
