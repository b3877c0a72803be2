import "server-only";
import { calendarBusy } from "@/lib/calendar";
import { tenantDb } from "@/lib/db";
import { createBooking, type Booking } from "./booking-service";
import { cachedResources } from "./resource-cache";
import type { ResourceTerms } from "./resource-terms";

export {
  createBooking,
  createBookingOver,
  type Booking,
  type BookingDb,
  type BookingOptions,
  type BookingRequest,
  type BookingRules,
  type AppointmentSummary,
  type SlotCheck,
} from "./booking-service";
export type { ExternalBusy, ExternalBusyInterval } from "./external-busy";
export { loadResourceTerms as listResourcesIn, loadResourceTerms, RESOURCE_TABLES, type ResourceTerms } from "./resource-terms";
export { sqlBookingStore, type BookingConfig, type SqlTarget } from "./sql-booking-store";
export {
  SlotUnavailableError,
  SlotTakenError,
  ServiceNotFoundError,
  AppointmentNotFoundError,
  ResourceNotFoundError,
  type ResourceRefusal,
  type UnavailableReason,
} from "./booking-errors";
export { slotRefusal, type RefusalLocale } from "./slot-refusal";
export { SLOT_STEP_MINUTES, type Slot, type Schedule, type OpeningInterval } from "./slot-grid";
export {
  instantAt,
  wallClockAt,
  utcOffsetMinutes,
  addDays,
  daysInMonth,
  isoWeekday,
  isoWithOffset,
  mondayOf,
  formatMinutes,
  localDateOf,
  parseLocalDate,
  type LocalDate,
  type WallClock,
} from "./local-time";

export {
  listAppointmentWeek,
  listBookableServices,
  tenantTimeZone,
  type AppointmentView,
  type AppointmentWeek,
  type BookableService,
  type SlotOffer,
} from "./appointment-calendar";
export { bookByHand, moveByHand, setStatusByHand, readAppointment } from "./manual-booking";

let shared: Booking | undefined;
// Bound lazily so importing this module opens no pool (tests build their own with createBooking).
const booking = (): Booking => (shared ??= createBooking(tenantDb(), { externalBusy: calendarBusy() }));

/* The app's booking functions: current tenant from runAsTenant, process-wide tenant-scoped client. */
/** The current tenant's resources (staff and rooms) in display order, cached per config version. */
export const listResources = (): Promise<ResourceTerms[]> => cachedResources(tenantDb());
export const findAvailableSlots: Booking["findAvailableSlots"] = (...args) => booking().findAvailableSlots(...args);
export const nearestFreeSlots: Booking["nearestFreeSlots"] = (...args) => booking().nearestFreeSlots(...args);
export const checkSlot: Booking["checkSlot"] = (...args) => booking().checkSlot(...args);
export const bookAppointment: Booking["bookAppointment"] = (...args) => booking().bookAppointment(...args);
export const rescheduleAppointment: Booking["rescheduleAppointment"] = (...args) =>
  booking().rescheduleAppointment(...args);
export const cancelAppointment: Booking["cancelAppointment"] = (...args) => booking().cancelAppointment(...args);
export const findUpcomingAppointmentsForClient: Booking["findUpcomingAppointmentsForClient"] = (...args) =>
  booking().findUpcomingAppointmentsForClient(...args);
