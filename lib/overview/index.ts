import "server-only";
export { loadOverview, type Overview } from "./overview";
export { loadAgenda, type Agenda, type AgendaAppointment, type AgendaDay } from "./agenda";
export { loadActivityCharts, chartPeriodSchema, CHART_PERIODS, DEFAULT_CHART_PERIOD, type ActivityCharts, type ChartPeriod } from "./activity-charts";
