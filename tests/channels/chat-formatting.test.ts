import { describe, expect, it } from "vitest";
import { replyChunks } from "@/lib/channels/chat-event-stream";
import { isoWithOffset } from "@/lib/booking";

describe("isoWithOffset (the chat contract's times)", () => {
  it("writes the instant at the tenant's offset, across DST", () => {
    expect(isoWithOffset(new Date("2026-01-15T09:30:00Z"), "Europe/Zurich")).toBe("2026-01-15T10:30:00+01:00");
    expect(isoWithOffset(new Date("2026-07-15T09:30:00Z"), "Europe/Zurich")).toBe("2026-07-15T11:30:00+02:00");
    expect(isoWithOffset(new Date("2026-03-08T07:30:00Z"), "America/Toronto")).toBe("2026-03-08T03:30:00-04:00");
    expect(isoWithOffset(new Date("2026-03-08T06:30:00Z"), "America/Toronto")).toBe("2026-03-08T01:30:00-05:00");
    expect(isoWithOffset(new Date("2026-05-01T23:00:00Z"), "Africa/Algiers")).toBe("2026-05-02T00:00:00+01:00");
    expect(isoWithOffset(new Date("2026-05-01T23:00:00Z"), "UTC")).toBe("2026-05-01T23:00:00+00:00");
  });
});

describe("replyChunks", () => {
  it("cuts a reply into pieces that join back exactly", () => {
    for (const reply of ["Bonjour !", "Line one\nline two  with  spaces ", "", "   ", "一二三"]) {
      expect(replyChunks(reply).join("")).toBe(reply);
    }
    expect(replyChunks("a b c")).toHaveLength(3);
  });
});
