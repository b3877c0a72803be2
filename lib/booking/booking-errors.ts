import type { Slot } from "./slot-grid";

export type UnavailableReason = "taken" | "closed" | "past";

/**
 * The asked time cannot be booked. Carries the nearest free slots so every
 * caller (agent, voice tool, console) can offer them without a second query.
 */
export class SlotUnavailableError extends Error {
  readonly code = "slot_unavailable";
  constructor(
    readonly reason: UnavailableReason,
    readonly startsAt: Date,
    readonly alternatives: Slot[],
  ) {
    super(
      reason === "taken"
        ? `${startsAt.toISOString()} overlaps another appointment`
        : reason === "past"
          ? `${startsAt.toISOString()} is in the past`
          : `${startsAt.toISOString()} is outside opening hours`,
    );
    this.name = "SlotUnavailableError";
  }
}

/** Another booking holds the time: the database's exclusion constraint refused the write. */
export class SlotTakenError extends SlotUnavailableError {
  constructor(startsAt: Date, alternatives: Slot[]) {
    super("taken", startsAt, alternatives);
    this.name = "SlotTakenError";
  }
}

export class ServiceNotFoundError extends Error {
  readonly code = "service_not_found";
  constructor(serviceId: string) {
    super(`No active service ${serviceId}`);
    this.name = "ServiceNotFoundError";
  }
}

export class AppointmentNotFoundError extends Error {
  readonly code = "appointment_not_found";
  constructor(appointmentId: string) {
    super(`No booked appointment ${appointmentId}`);
    this.name = "AppointmentNotFoundError";
  }
}

export type ResourceRefusal = "unknown" | "inactive" | "not_for_service";

/** The resource asked for does not exist, is inactive, or does not perform the service. */
export class ResourceNotFoundError extends Error {
  readonly code = "resource_not_found";
  constructor(
    readonly resourceId: string,
    readonly reason: ResourceRefusal,
  ) {
    super(
      reason === "not_for_service"
        ? `Resource ${resourceId} does not perform this service`
        : reason === "inactive"
          ? `Resource ${resourceId} is inactive`
          : `No resource ${resourceId}`,
    );
    this.name = "ResourceNotFoundError";
  }
}
