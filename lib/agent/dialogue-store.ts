import type { AppointmentSummary } from "@/lib/booking";

/*
 * What the dialogue reads and writes besides booking, as a narrow interface:
 * the receptionist implements it over the turn's own transaction, so the
 * dialogue never learns how (or in how many round trips) it is stored.
 */

export interface ClientRecord {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

export interface DialogueStore {
  /** The tenant's client with this E.164 phone number. */
  clientByPhone(phone: string): Promise<ClientRecord | null>;
  /** Ids of clients with exactly this name (case-insensitive), for callers on the web who gave no phone. */
  clientIdsNamed(name: string): Promise<string[]>;
  /** The client with this phone, created from what the caller gave if there is none yet. */
  ensureClient(client: { name: string; phone: string; email?: string }): Promise<string>;
  /** The resource of the client's last appointment (the latest past one, else the next), for "the same person as last time". */
  lastResourceOf(clientId: string, now: Date): Promise<string | null>;
  /** Booked appointments among `ids`, soonest first. */
  bookedAppointments(ids: string[]): Promise<AppointmentSummary[]>;
}
