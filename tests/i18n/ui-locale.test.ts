import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/ui-locale/route";
import { fillMessage, pickUiLocale, UI_LOCALE_COOKIE } from "@/lib/i18n";
import { shellMessages } from "@/lib/i18n/shell-messages";

function form(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request("http://maple-dental.localhost:3000/api/ui-locale", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", host: "maple-dental.localhost:3000", ...headers },
    body: new URLSearchParams(fields),
  });
}

describe("pickUiLocale", () => {
  it("prefers the member's choice, then the tenant's locale, then English", () => {
    expect(pickUiLocale("en", "fr")).toBe("en");
    expect(pickUiLocale(null, "fr-CH")).toBe("fr");
    expect(pickUiLocale("de", "fr_BE")).toBe("fr");
    expect(pickUiLocale(undefined, "en-CA")).toBe("en");
    expect(pickUiLocale(undefined, "ar-DZ")).toBe("en");
    expect(pickUiLocale(undefined, null)).toBe("en");
  });
});

describe("catalogues", () => {
  it("fill placeholders and leave unknown ones visible", () => {
    expect(fillMessage(shellMessages.fr.forbiddenTitle, { what: "l'activité" })).toBe("Vous n'avez pas accès à : l'activité");
    expect(fillMessage("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("the French shell has a non-empty translation for every English key", () => {
    for (const key of Object.keys(shellMessages.en) as Array<keyof typeof shellMessages.en>) {
      expect(shellMessages.fr[key].trim(), key).not.toBe("");
    }
  });
});

describe("POST /api/ui-locale", () => {
  it("stores the choice for a year and goes back to the page the switch was used on, on the same host", async () => {
    const response = await POST(form({ locale: "fr" }, { referer: "http://maple-dental.localhost:3000/services?tab=1" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/services?tab=1");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`${UI_LOCALE_COOKIE}=fr`);
    expect(cookie).toMatch(/Max-Age=31536000/i);
    expect(cookie).toMatch(/SameSite=lax/i);
  });

  it("never sends the member to another site", async () => {
    const fromElsewhere = await POST(form({ locale: "en" }, { referer: "https://evil.example/phish" }));
    expect(fromElsewhere.headers.get("location")).toBe("/");

    for (const back of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const response = await POST(form({ locale: "en", back }));
      expect(response.status, back).toBe(400);
      expect((await response.json()).error.field).toBe("back");
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  it("refuses an unknown language, naming the field, and sets nothing", async () => {
    const response = await POST(form({ locale: "de" }));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "bad_request", field: "locale" });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("answers a JSON call with 204 and the cookie", async () => {
    const response = await POST(
      new Request("http://localhost:3000/api/ui-locale", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ locale: "en" }),
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).toContain(`${UI_LOCALE_COOKIE}=en`);
  });
});
