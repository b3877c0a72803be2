import { expect, it } from "vitest";
import { apexOrigin, classifyHost, isOwnHost, tenantOrigin } from "@/lib/tenancy/tenant-host";

it("reads the tenant from the subdomain, whatever the port", () => {
  expect(classifyHost("localhost:3000", "localhost:3000")).toEqual({ kind: "apex" });
  expect(classifyHost("localhost:3100", "localhost:3000")).toEqual({ kind: "apex" });
  expect(classifyHost("cabinet-dupont.localhost:3100", "localhost:3000")).toEqual({ kind: "tenant", slug: "cabinet-dupont" });
  expect(classifyHost("Acme.Frontdesk.app", "frontdesk.app")).toEqual({ kind: "tenant", slug: "acme" });
  expect(classifyHost("a.b.localhost:3000", "localhost:3000")).toEqual({ kind: "invalid" });
  expect(classifyHost("www.localhost:3000", "localhost:3000")).toEqual({ kind: "invalid" });
  expect(classifyHost("-bad.localhost", "localhost:3000")).toEqual({ kind: "invalid" });
});

it("builds the apex and tenant origins from the request's own port and scheme", () => {
  const h = new Headers({ host: "acme.localhost:3100" });
  expect(apexOrigin(h, "localhost:3000")).toBe("http://localhost:3100");
  expect(tenantOrigin("b-tenant", new Headers({ host: "localhost:3100" }), "localhost:3000")).toBe("http://b-tenant.localhost:3100");
  expect(tenantOrigin("acme", new Headers({ host: "frontdesk.app", "x-forwarded-proto": "https" }), "frontdesk.app")).toBe(
    "https://acme.frontdesk.app",
  );
});

it("only its own hosts are redirect targets", () => {
  expect(isOwnHost("acme.localhost:3000", "localhost:3000")).toBe(true);
  expect(isOwnHost("evil.example", "localhost:3000")).toBe(false);
  expect(isOwnHost("localhost.evil.example", "localhost:3000")).toBe(false);
});
