import "server-only";
import { loadKeyring, type Keyring } from "@/lib/secrets";
import { archiveMacKey, type MacKeys } from "./archive-format";
import { DownloadLinkError, downloadLinkKey, signDownloadLink, verifyDownloadLink, type DownloadClaims } from "./download-link";
import type { ArchiveKey } from "./export-import";

/* Keys derived from the master key ring: never the master key itself. */

/** The MAC key archives are sealed with now: derived from the current master key. */
export function currentArchiveKey(ring: Keyring = loadKeyring()): ArchiveKey {
  return { version: ring.current, key: archiveMacKey(ring.keys.get(ring.current)!) };
}

/** Every master key version this server holds can verify an archive. */
export function archiveMacKeys(ring: Keyring = loadKeyring()): MacKeys {
  return (version) => {
    const master = ring.keys.get(version);
    return master ? archiveMacKey(master) : undefined;
  };
}

/** A download link signed under the current master key. */
export function signExportLink(claims: Omit<DownloadClaims, "expiresAt">, issuedAt: Date, ring: Keyring): string {
  return signDownloadLink(claims, downloadLinkKey(ring.keys.get(ring.current)!), issuedAt).token;
}

/** Verifies under the current key, then the previous ones: a link made before a key rotation keeps its 24 hours. */
export function verifyExportLink(token: string, expect: { tenantId: string; userId: string; now: Date }, ring: Keyring): DownloadClaims {
  const versions = [ring.current, ...[...ring.keys.keys()].filter((v) => v !== ring.current)];
  let refusal: unknown;
  for (const version of versions) {
    try {
      return verifyDownloadLink(token, downloadLinkKey(ring.keys.get(version)!), expect);
    } catch (error) {
      refusal = error;
      if (!(error instanceof DownloadLinkError) || error.reason !== "signature") throw error;
    }
  }
  throw refusal;
}
