import "server-only";
export { EXPORT_KINDS, streamExport, type ExportKind } from "./csv-exports";
export { csvCell, csvLine } from "./csv-format";
export { exportResponse } from "./export-response";
