import "server-only";

export { ArchiveRefusedError, unpackArchive, type ArchiveManifest } from "./archive-format";
export { deleteTenantRows, exportTenant, importTenant, loadArchiveInTransaction, type ArchiveKey, type ImportResult } from "./export-import";
export { cellTablesInDependencyOrder } from "./catalog";
export { archiveMacKeys, currentArchiveKey } from "./archive-keys";
