import "server-only";
export { loadOverview, type Overview } from "./overview";
export { loadAgenda, type Agenda, type AgendaAppointment, type AgendaDay } from "./agenda";
