/*
 * External identities derived from the appointment id, so that creating the
 * event twice (a retry after a timeout, two workers) lands on one event.
 */

/** Google accepts client-chosen ids of base32hex characters (0-9, a-v), 5 to 1024 long; a uuid's hex digits are a subset. */
export function googleEventId(appointmentId: string): string {
  return `fd${appointmentId.replace(/-/g, "").toLowerCase()}`;
}

export function appointmentIdFromGoogleEventId(eventId: string): string | null {
  const m = /^fd([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(eventId);
  return m ? m.slice(1).join("-") : null;
}

export function caldavUid(appointmentId: string): string {
  return `${appointmentId.toLowerCase()}@frontdesk`;
}

export function caldavFilename(appointmentId: string): string {
  return `frontdesk-${appointmentId.toLowerCase()}.ics`;
}

export function appointmentIdFromCaldavUrl(url: string): string | null {
  const m = /frontdesk-([0-9a-f-]{36})\.ics$/.exec(url);
  return m ? m[1]! : null;
}
