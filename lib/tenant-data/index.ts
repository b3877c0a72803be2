import "server-only";
import { loadKeyring, type Keyring } from "@/lib/secrets";
import { archiveMacKey, type MacKeys } from "./archive-format";
import type { ArchiveKey } from "./export-import";

export { ArchiveRefusedError, unpackArchive, type ArchiveManifest } from "./archive-format";
export { deleteTenantRows, exportTenant, importTenant, loadArchiveInTransaction, type ArchiveKey, type ImportResult } from "./export-import";
export { cellTablesInDependencyOrder } from "./catalog";

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
