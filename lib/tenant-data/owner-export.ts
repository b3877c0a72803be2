import "server-only";

/* The owner's data export (GDPR): what routes, pages and the job runner use. */
export { downloadDataExport, listDataExports, loadDataExports, requestDataExport, DATA_EXPORT_DOWNLOAD_PATH } from "./owner-export-routes";
export { runOwnerExports, DATA_EXPORT_MAX_BYTES, type OwnerExportRunOptions } from "./owner-export-build";
export { dataExportClock, setDataExportClock } from "./owner-export-clock";
