import "server-only";
export { produceDueReports, type ProducedReport } from "./daily-report";
export { computeReportFigures, type ReportFigures } from "./report-figures";
export { renderReport, reportSections } from "./report-render";
export { reportDatesDue, localDayBounds } from "./report-schedule";
export { reportSettingsOf, reportSettingsSchema, DEFAULT_REPORT_HOUR, type ReportSettings } from "./report-settings";
export { listReports, readReport, type ReportListItem, type StoredReport } from "./report-store";
export { loadReportSettings, saveReportSettings } from "./report-settings-store";
