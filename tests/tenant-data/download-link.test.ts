import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DOWNLOAD_LINK_TTL_MS, DownloadLinkError, downloadLinkKey, signDownloadLink, verifyDownloadLink } from "@/lib/tenant-data/download-link";

const key = downloadLinkKey(randomBytes(32));
const claims = { exportId: randomUUID(), tenantId: randomUUID(), userId: randomUUID() };
const now = new Date("2031-03-01T10:00:00Z");
const { token } = signDownloadLink(claims, key, now);
const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DownloadLinkError ? e.reason : "other";
  }
  return "accepted";
};

describe("signed data-export link", () => {
  it("opens for its owner in its tenant until 24 hours have passed", () => {
    expect(verifyDownloadLink(token, key, { ...claims, now: new Date(now.getTime() + DOWNLOAD_LINK_TTL_MS - 1) }).exportId).toBe(claims.exportId);
    expect(reason(() => verifyDownloadLink(token, key, { ...claims, now: new Date(now.getTime() + DOWNLOAD_LINK_TTL_MS) }))).toBe("expired");
  });

  it("refuses another tenant, another member, another key, a changed or malformed token", () => {
    expect(reason(() => verifyDownloadLink(token, key, { ...claims, tenantId: randomUUID(), now }))).toBe("tenant");
    expect(reason(() => verifyDownloadLink(token, key, { ...claims, userId: randomUUID(), now }))).toBe("user");
    expect(reason(() => verifyDownloadLink(token, downloadLinkKey(randomBytes(32)), { ...claims, now }))).toBe("signature");
    const [body, mac] = token.split(".");
    const longer = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), x: 9e15 })).toString("base64url");
    expect(reason(() => verifyDownloadLink(`${longer}.${mac}`, key, { ...claims, now }))).toBe("signature");
    for (const bad of ["", "abc", `${token}.x`]) expect(reason(() => verifyDownloadLink(bad, key, { ...claims, now }))).not.toBe("accepted");
  });
});
